package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fractal-lba/sdk-go/client"
)

// Outcome is what became of an entry after one delivery.
type Outcome int

const (
	// Acknowledged: 200 or 202; the entry is removed.
	Acknowledged Outcome = iota
	// DeadLettered: a 4xx other than 429; the entry is in dead/ with its reason.
	DeadLettered
	// Pending: no final answer (retries exhausted, connection errors, the
	// context ended); the entry stays for the next run.
	Pending
)

func (o Outcome) String() string {
	return [...]string{"acknowledged", "dead-letter", "pending"}[o]
}

// Result is one delivery.
type Result struct {
	Entry    Entry
	Outcome  Outcome
	Response *client.Response // the last answer, nil when there was none
	Err      error            // why the entry is still pending
}

// Sender delivers an outbox's entries with a client's retries.
type Sender struct {
	Outbox *Outbox
	Client *client.Client
}

// Submit makes body durable in the outbox, then delivers it: the bytes are
// on disk before the first one is sent. The error is a local I/O failure;
// the verifier's answers are in the Result.
func (s *Sender) Submit(ctx context.Context, body []byte) (Result, error) {
	e, err := s.Outbox.Append(body)
	if err != nil {
		return Result{}, err
	}
	return s.Deliver(ctx, e)
}

// Drain delivers every pending entry, oldest first (after a crash or a run
// that ended without final answers).
func (s *Sender) Drain(ctx context.Context) ([]Result, error) {
	pending, err := s.Outbox.Pending()
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, e := range pending {
		r, err := s.Deliver(ctx, e)
		if err != nil {
			return out, err
		}
		out = append(out, r)
		if ctx.Err() != nil {
			break
		}
	}
	return out, nil
}

// Deliver sends one entry and settles it by the answer.
func (s *Sender) Deliver(ctx context.Context, e Entry) (Result, error) {
	resp, err := s.Client.Submit(ctx, e.Body)
	r := Result{Entry: e, Response: resp, Outcome: Pending, Err: err}
	var gaveUp *client.GaveUpError
	switch {
	case err != nil && (errors.As(err, &gaveUp) || ctx.Err() != nil):
		return r, nil // stays pending: the next run resends it
	case err != nil:
		return r, err
	case resp.Accepted():
		r.Outcome = Acknowledged
		return r, s.Outbox.Acknowledge(e)
	default: // a final 4xx: the same bytes can never succeed
		r.Outcome = DeadLettered
		reason := fmt.Sprintf("HTTP %d: %s", resp.Status, strings.TrimSpace(string(resp.Body)))
		return r, s.Outbox.DeadLetter(e, reason)
	}
}
