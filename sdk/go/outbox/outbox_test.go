package outbox

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fractal-lba/sdk-go/client"
)

// verifier is a fake verifier: it answers with status(body) and records the
// bodies it received and whether each was already durable in the outbox
// when it arrived.
type verifier struct {
	mu      sync.Mutex
	dir     string
	status  func(body string) int
	bodies  []string
	durable []bool
}

func (v *verifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	v.mu.Lock()
	v.bodies = append(v.bodies, string(b))
	v.durable = append(v.durable, inOutbox(v.dir, b))
	code := v.status(string(b))
	v.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	io.WriteString(w, `{"detail":"answer `+http.StatusText(code)+`"}`)
}

// inOutbox reports whether a completed (renamed) entry holds body.
func inOutbox(dir string, body []byte) bool {
	names, _ := filepath.Glob(filepath.Join(dir, "*.pcs"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil && string(b) == string(body) {
			return true
		}
	}
	return false
}

func setup(t *testing.T, status func(string) int) (*verifier, *Sender, string) {
	dir := filepath.Join(t.TempDir(), "outbox")
	v := &verifier{dir: dir, status: status}
	srv := httptest.NewServer(v)
	t.Cleanup(srv.Close)
	return v, newSender(t, dir, srv.URL), dir
}

func newSender(t *testing.T, dir, url string) *Sender {
	o, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(url, "acme")
	c.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() } // no real waiting
	return &Sender{Outbox: o, Client: c}
}

func TestDurableBeforeSendAndRemovedOnAck(t *testing.T) {
	v, s, dir := setup(t, func(string) int { return 200 })
	r, err := s.Submit(context.Background(), []byte(`{"n":1}`))
	if err != nil || r.Outcome != Acknowledged {
		t.Fatalf("%+v %v", r, err)
	}
	if len(v.durable) != 1 || !v.durable[0] {
		t.Fatal("the entry was not durable in the outbox when it was sent")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 || filepath.Base(left[0]) != "dead" {
		t.Fatalf("outbox not empty after the ack: %v", left)
	}
}

func TestCrashThenResend(t *testing.T) {
	v, s, dir := setup(t, func(string) int { return 202 })
	// A run appends two entries and "crashes" before sending them; a third
	// was being written when it crashed (only its temporary file exists).
	e1, err := s.Outbox.Append([]byte(`{"n":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outbox.Append([]byte(`{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "00000000000000000003.pcs.tmp"), []byte(`{"n":3`), 0o600); err != nil {
		t.Fatal(err)
	}
	// The next run opens the outbox and drains it.
	s2 := newSender(t, dir, s.Client.BaseURL)
	results, err := s2.Drain(context.Background())
	if err != nil || len(results) != 2 || results[0].Outcome != Acknowledged || results[1].Outcome != Acknowledged {
		t.Fatalf("%+v %v", results, err)
	}
	if strings.Join(v.bodies, " ") != `{"n":1} {"n":2}` {
		t.Fatalf("resent %v", v.bodies)
	}
	if _, err := os.Stat(filepath.Join(dir, "00000000000000000003.pcs.tmp")); !os.IsNotExist(err) {
		t.Fatal("the incomplete entry was not cleaned up")
	}
	// Numbering continues after the names in use: no entry overwrites another.
	e4, err := s2.Outbox.Append([]byte(`{"n":4}`))
	if err != nil || e4.Name() <= e1.Name() {
		t.Fatalf("new entry %s after %s (%v)", e4.Name(), e1.Name(), err)
	}
}

func TestDeadLetters(t *testing.T) {
	_, s, dir := setup(t, func(body string) int {
		if strings.Contains(body, "bad") {
			return 401
		}
		return 422
	})
	for _, b := range []string{`{"bad":1}`, `{"other":2}`} {
		r, err := s.Submit(context.Background(), []byte(b))
		if err != nil || r.Outcome != DeadLettered {
			t.Fatalf("%s: %+v %v", b, r, err)
		}
	}
	dead, _ := s.Outbox.DeadLetters()
	if len(dead) != 2 {
		t.Fatalf("dead letters %v", dead)
	}
	reason, err := os.ReadFile(dead[0] + ".reason")
	if err != nil || !strings.HasPrefix(string(reason), "HTTP 401: ") || !strings.Contains(string(reason), "Unauthorized") {
		t.Fatalf("reason %q %v", reason, err)
	}
	if body, _ := os.ReadFile(dead[0]); string(body) != `{"bad":1}` {
		t.Fatalf("dead body %q", body)
	}
	if pending, _ := s.Outbox.Pending(); len(pending) != 0 {
		t.Fatalf("dead entries still pending: %v", pending)
	}
	// Reopening continues after the dead letters' numbers.
	o, _ := Open(dir)
	e, _ := o.Append([]byte("{}"))
	if e.Name() != "00000000000000000003.pcs" {
		t.Fatalf("next entry %s", e.Name())
	}
}

func TestNoFinalAnswerStaysPending(t *testing.T) {
	v, s, _ := setup(t, func(string) int { return 429 })
	s.Client.Policy.MaxAttempts = 3
	r, err := s.Submit(context.Background(), []byte(`{"n":1}`))
	if err != nil || r.Outcome != Pending || r.Err == nil || len(v.bodies) != 3 {
		t.Fatalf("%+v %v (%d sends)", r, err, len(v.bodies))
	}
	pending, _ := s.Outbox.Pending()
	if len(pending) != 1 || string(pending[0].Body) != `{"n":1}` {
		t.Fatalf("pending %v", pending)
	}
	// The verifier recovers: the next drain delivers it.
	v.mu.Lock()
	v.status = func(string) int { return 200 }
	v.mu.Unlock()
	results, err := s.Drain(context.Background())
	if err != nil || len(results) != 1 || results[0].Outcome != Acknowledged {
		t.Fatalf("%+v %v", results, err)
	}
}

func TestServerDownStaysPending(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	s := newSender(t, filepath.Join(t.TempDir(), "ob"), url)
	s.Client.Policy.MaxAttempts = 2
	r, err := s.Submit(context.Background(), []byte(`{}`))
	if err != nil || r.Outcome != Pending {
		t.Fatalf("%+v %v", r, err)
	}
	if p, _ := s.Outbox.Pending(); len(p) != 1 {
		t.Fatal("entry lost")
	}
}
