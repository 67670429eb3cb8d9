// Package client submits PCS documents to the verifier (docs/contract.md §5):
// POST {url}/v1/pcs/submit with the body as given, X-Tenant-Id when a tenant
// is set. Connection errors, 429, 503 and other 5xx are retried with
// full-jitter exponential backoff (base 200 ms, cap 30 s, at most 8
// attempts), and on 429/503 the Retry-After seconds are the wait; other 4xx
// are final and not retried. Resending the same bytes is safe: the verifier
// deduplicates by (tenant, pcs_id) and replays the first answer with
// Idempotent-Replayed: true.
package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// SubmitPath is the verifier's submission endpoint.
const SubmitPath = "/v1/pcs/submit"

// maxResponse bounds how much of an answer is read (answers are small JSON).
const maxResponse = 1 << 20

// Client sends submissions. The zero value is not usable; use New.
type Client struct {
	BaseURL string // e.g. http://127.0.0.1:8080
	Tenant  string // X-Tenant-Id; empty sends none
	KeyID   string // X-Key-Id; empty sends none
	Policy  RetryPolicy
	HTTP    *http.Client
	// Sleep waits d or until ctx ends; tests replace it to observe waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Random gives uniforms in [0, 1) for the jitter.
	Random func() float64
	// Now is the clock for Retry-After dates.
	Now func() time.Time
}

// New returns a client with the default policy, a 5 s connect timeout and
// a 30 s timeout per attempt.
func New(baseURL, tenant string) *Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = dialer.DialContext
	return &Client{
		BaseURL: strings.TrimRight(baseURL, "/"),
		Tenant:  tenant,
		Policy:  DefaultPolicy,
		HTTP:    &http.Client{Transport: transport, Timeout: 30 * time.Second},
		Sleep:   sleep,
		Random:  newLockedRand().Float64,
		Now:     time.Now,
	}
}

// Response is the verifier's answer to one submission.
type Response struct {
	Status   int
	Body     []byte
	Header   http.Header
	Replayed bool // Idempotent-Replayed: true — the first answer to this (tenant, pcs_id)
	Attempts int
}

// Final reports whether resending cannot change the answer: 200/202, or a
// 4xx other than 429. Everything else (429, 5xx, and statuses the verifier
// never sends, as the Java sender treats them) is retried.
func (r *Response) Final() bool {
	return r.Status == 200 || r.Status == 202 || (r.Status >= 400 && r.Status < 500 && r.Status != 429)
}

// Accepted reports a 200 or 202 (the submission is durable at the verifier).
func (r *Response) Accepted() bool { return r.Status == 200 || r.Status == 202 }

// GaveUpError is returned when every attempt failed with a retryable
// outcome. Last is the last answer (nil after a transport error).
type GaveUpError struct {
	Attempts int
	Last     *Response
	Err      error // the last transport error, if that was the last outcome
}

func (e *GaveUpError) Error() string {
	if e.Last != nil {
		return fmt.Sprintf("gave up after %d attempts; last: HTTP %d: %s", e.Attempts, e.Last.Status, snippet(e.Last.Body))
	}
	return fmt.Sprintf("gave up after %d attempts; last: %v", e.Attempts, e.Err)
}

func (e *GaveUpError) Unwrap() error { return e.Err }

// Submit posts body until a final answer, the attempts run out or ctx ends.
// A final answer (200, 202 or a non-retryable 4xx) is returned with a nil
// error; the caller looks at Status. Running out of attempts gives a
// *GaveUpError (with the last answer, if any); a cancelled ctx its error.
func (c *Client) Submit(ctx context.Context, body []byte) (*Response, error) {
	attempts := c.Policy.MaxAttempts
	if attempts < 1 {
		attempts = 1
	}
	var last *Response
	var lastErr error
	for n := 0; n < attempts; n++ {
		resp, err := c.once(ctx, body)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last, lastErr = nil, err
		} else {
			resp.Attempts = n + 1
			if resp.Final() {
				return resp, nil
			}
			last, lastErr = resp, nil
		}
		if n == attempts-1 {
			break
		}
		wait := c.Policy.Backoff(n, c.Random)
		if last != nil && (last.Status == 429 || last.Status == 503) {
			if d, ok := retryAfter(last.Header, c.Now()); ok {
				wait = d
			}
		}
		if err := c.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	return last, &GaveUpError{Attempts: attempts, Last: last, Err: lastErr}
}

func (c *Client) once(ctx context.Context, body []byte) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+SubmitPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Tenant != "" {
		req.Header.Set("X-Tenant-Id", c.Tenant)
	}
	if c.KeyID != "" {
		req.Header.Set("X-Key-Id", c.KeyID)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	return &Response{
		Status:   resp.StatusCode,
		Body:     data,
		Header:   resp.Header,
		Replayed: strings.EqualFold(resp.Header.Get("Idempotent-Replayed"), "true"),
	}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
