package server

import "sync"

// lru is a small least-recently-used cache, safe for concurrent use. It is
// meant for a handful of large values (encoded states, prepared networks):
// lookups scan a slice, O(capacity).
type lru[K comparable, V any] struct {
	mu   sync.Mutex
	cap  int
	keys []K // most recent first
	vals []V
}

func newLRU[K comparable, V any](capacity int) *lru[K, V] {
	return &lru[K, V]{cap: max(capacity, 1)}
}

// Get returns the value for k and marks it most recently used.
func (c *lru[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, key := range c.keys {
		if key == k {
			v := c.vals[i]
			c.moveFront(i)
			return v, true
		}
	}
	var zero V
	return zero, false
}

// Put stores v under k as the most recently used entry, dropping the least
// recently used one when full.
func (c *lru[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, key := range c.keys {
		if key == k {
			c.vals[i] = v
			c.moveFront(i)
			return
		}
	}
	if len(c.keys) < c.cap {
		var zk K
		var zv V
		c.keys = append(c.keys, zk)
		c.vals = append(c.vals, zv)
	}
	copy(c.keys[1:], c.keys[:len(c.keys)-1])
	copy(c.vals[1:], c.vals[:len(c.vals)-1])
	c.keys[0], c.vals[0] = k, v
}

func (c *lru[K, V]) moveFront(i int) {
	k, v := c.keys[i], c.vals[i]
	copy(c.keys[1:i+1], c.keys[:i])
	copy(c.vals[1:i+1], c.vals[:i])
	c.keys[0], c.vals[0] = k, v
}
