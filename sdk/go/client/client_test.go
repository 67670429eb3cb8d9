package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// scripted answers each request with the next of its statuses (the last one
// repeats) and records what it received.
type scripted struct {
	mu       sync.Mutex
	answers  []func(w http.ResponseWriter)
	requests []*http.Request
	bodies   [][]byte
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, r)
	s.bodies = append(s.bodies, body)
	a := s.answers[len(s.answers)-1]
	if n < len(s.answers) {
		a = s.answers[n]
	}
	s.mu.Unlock()
	a(w)
}

func status(code int, headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, `{"status":`+strconv.Itoa(code)+`}`)
	}
}

// testClient never sleeps for real: it records the waits.
func testClient(url string) (*Client, *[]time.Duration) {
	c := New(url, "acme")
	var waits []time.Duration
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	c.Random = func() float64 { return 0.999999 }
	return c, &waits
}

func TestRetryAfterOn429ThenOK(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(429, "Retry-After", "2"), status(200)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, waits := testClient(srv.URL)
	body := []byte(`{"pcs_id":"x"}`)
	r, err := c.Submit(context.Background(), body)
	if err != nil || r.Status != 200 || r.Attempts != 2 {
		t.Fatalf("%+v %v", r, err)
	}
	if len(*waits) != 1 || (*waits)[0] != 2*time.Second {
		t.Fatalf("waits %v, want [2s] from Retry-After", *waits)
	}
	for i, req := range s.requests {
		if req.URL.Path != SubmitPath || req.Method != http.MethodPost || req.Header.Get("X-Tenant-Id") != "acme" ||
			req.Header.Get("Content-Type") != "application/json" || string(s.bodies[i]) != string(body) {
			t.Fatalf("request %d: %s %s %v %q", i, req.Method, req.URL.Path, req.Header, s.bodies[i])
		}
	}
}

func TestServiceUnavailableBacksOffWithJitter(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(503), status(503), status(503, "Retry-After", "1"), status(202)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, waits := testClient(srv.URL)
	r, err := c.Submit(context.Background(), []byte("{}"))
	if err != nil || r.Status != 202 || r.Attempts != 4 {
		t.Fatalf("%+v %v", r, err)
	}
	w := *waits
	// Full jitter below min(cap, 200ms·2^n); Random() ≈ 1 gives the ceiling.
	if len(w) != 3 || w[0] != 200*time.Millisecond || w[1] != 400*time.Millisecond || w[2] != time.Second {
		t.Fatalf("waits %v, want [200ms 400ms 1s]", w)
	}
}

func TestUnauthorizedIsNotRetried(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(401)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, waits := testClient(srv.URL)
	r, err := c.Submit(context.Background(), []byte("{}"))
	if err != nil || r.Status != 401 || len(s.requests) != 1 || len(*waits) != 0 || !r.Final() || r.Accepted() {
		t.Fatalf("%+v %v, %d requests", r, err, len(s.requests))
	}
}

func TestGivesUpAfterEightAttempts(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(500)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, waits := testClient(srv.URL)
	r, err := c.Submit(context.Background(), []byte("{}"))
	var g *GaveUpError
	if !errors.As(err, &g) || g.Attempts != 8 || r == nil || r.Status != 500 || len(s.requests) != 8 {
		t.Fatalf("%+v %v, %d requests", r, err, len(s.requests))
	}
	want := []time.Duration{200, 400, 800, 1600, 3200, 6400, 12800}
	if len(*waits) != len(want) {
		t.Fatalf("waits %v", *waits)
	}
	for i, d := range *waits {
		if d != want[i]*time.Millisecond {
			t.Fatalf("wait %d = %v, want %v", i, d, want[i]*time.Millisecond)
		}
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c, waits := testClient(url)
	c.Policy.MaxAttempts = 3
	_, err := c.Submit(context.Background(), []byte("{}"))
	var g *GaveUpError
	if !errors.As(err, &g) || g.Last != nil || g.Err == nil || len(*waits) != 2 {
		t.Fatalf("%v, waits %v", err, *waits)
	}
}

func TestReplayedHeader(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(200, "Idempotent-Replayed", "true")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(srv.URL)
	c.Tenant = ""
	r, err := c.Submit(context.Background(), []byte("{}"))
	if err != nil || !r.Replayed {
		t.Fatalf("%+v %v", r, err)
	}
	if _, ok := s.requests[0].Header["X-Tenant-Id"]; ok {
		t.Fatal("X-Tenant-Id sent without a tenant")
	}
}

func TestContextCancelStopsWaiting(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(503, "Retry-After", "3600")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := New(srv.URL, "")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Submit(ctx, []byte("{}"))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
}

func TestBackoffAndRetryAfter(t *testing.T) {
	p := DefaultPolicy
	if d := p.Backoff(30, func() float64 { return 0.999999 }); d != 30*time.Second {
		t.Errorf("cap: %v", d)
	}
	if d := p.Backoff(0, func() float64 { return 0 }); d != 0 {
		t.Errorf("jitter floor: %v", d)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{}
	for v, want := range map[string]time.Duration{"5": 5 * time.Second, " 0 ": 0, "-3": 0,
		now.Add(7 * time.Second).Format(http.TimeFormat): 7 * time.Second} {
		h.Set("Retry-After", v)
		if d, ok := retryAfter(h, now); !ok || d != want {
			t.Errorf("Retry-After %q: %v %v", v, d, ok)
		}
	}
	h.Set("Retry-After", "soon")
	if _, ok := retryAfter(h, now); ok {
		t.Error("unreadable Retry-After accepted")
	}
}
