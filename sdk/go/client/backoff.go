package client

import (
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RetryPolicy is exponential backoff with full jitter: before retry n
// (n = 0 after the first attempt) the wait is uniform in
// [0, min(Cap, Base·2^n)], unless the server said how long (Retry-After).
type RetryPolicy struct {
	Base        time.Duration
	Cap         time.Duration
	MaxAttempts int
}

// DefaultPolicy is the suite's: 200 ms base, 30 s cap, at most 8 attempts.
var DefaultPolicy = RetryPolicy{Base: 200 * time.Millisecond, Cap: 30 * time.Second, MaxAttempts: 8}

// Backoff is the full-jitter wait before retry n; random gives uniforms in
// [0, 1). Millisecond resolution, as the Java SDK.
func (p RetryPolicy) Backoff(n int, random func() float64) time.Duration {
	if n > 20 {
		n = 20 // 2^20 · base is past any sensible cap; avoid overflow
	}
	ceiling := p.Base << uint(n)
	if ceiling > p.Cap || ceiling <= 0 {
		ceiling = p.Cap
	}
	ms := ceiling.Milliseconds()
	return time.Duration(random()*float64(ms+1)) * time.Millisecond
}

// retryAfter reads a Retry-After header: delay-seconds (what the verifier
// sends) or an HTTP date. ok is false when absent or unreadable.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			secs = 0
		}
		if max := int64(time.Duration(1<<63-1) / time.Second); secs > max {
			secs = max // a Duration holds about 292 years
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// lockedRand is a concurrency-safe uniform source seeded from the clock:
// jitter needs spread between agents, not unpredictability.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newLockedRand() *lockedRand {
	return &lockedRand{r: rand.New(rand.NewSource(time.Now().UnixNano()))}
}

func (l *lockedRand) Float64() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Float64()
}
