package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fractal-lba/sdk-go/client"
	"github.com/fractal-lba/sdk-go/outbox"
)

// line is the one JSON line printed per file, the same in every SDK's CLI.
type line struct {
	File     string          `json:"file"`
	Status   int             `json:"status"`
	Replayed bool            `json:"replayed"`
	Body     json.RawMessage `json:"body"`
	Outbox   string          `json:"outbox,omitempty"` // with --outbox: acknowledged, dead-letter or pending
	Error    string          `json:"error,omitempty"`  // when there was no final answer
}

// cmdSubmit posts PCS files (or every *.json of a directory) to the
// verifier. With --outbox each file is made durable there first and
// settled by the answer; pending entries of earlier runs are resent first.
// Exit 0 when every file got 200 or 202, 1 otherwise.
func cmdSubmit(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("submit")
	url := fs.String("url", "http://127.0.0.1:8080", "verifier base URL")
	tenant := fs.String("tenant", "", "X-Tenant-Id (agents of the default tenant send none)")
	keyID := fs.String("key-id", "", "X-Key-Id")
	dir := fs.String("outbox", "", "durable outbox directory")
	fs.Bool("json", true, "accepted for the Java CLI's flag: the output is always JSON lines")
	maxAttempts := fs.Int("max-attempts", client.DefaultPolicy.MaxAttempts, "attempts per file before giving up")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageErr("submit: no PCS file given")
	}
	if !strings.HasPrefix(*url, "http://") && !strings.HasPrefix(*url, "https://") {
		return usageErr("--url must be an http:// or https:// URL, got %q", *url)
	}
	if *maxAttempts < 1 {
		return usageErr("--max-attempts must be at least 1, got %d", *maxAttempts)
	}
	files, err := expand(pos)
	if err != nil {
		return err
	}
	bodies := make([][]byte, len(files))
	for i, f := range files { // read everything first: a missing file sends nothing
		if bodies[i], err = readInput(f); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := client.New(*url, *tenant)
	c.KeyID = *keyID
	c.Policy.MaxAttempts = *maxAttempts

	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	emit := func(l line) {
		if err := enc.Encode(l); err != nil {
			fmt.Fprintln(stderr, "error: writing the result:", err)
		}
	}
	if *dir == "" {
		for i, f := range files {
			resp, err := c.Submit(ctx, bodies[i])
			l := result(f, resp, err)
			if resp == nil || !resp.Accepted() || err != nil {
				failed++
			}
			emit(l)
		}
	} else {
		ob, err := outbox.Open(*dir)
		if err != nil {
			return failure("%v", err)
		}
		sender := &outbox.Sender{Outbox: ob, Client: c}
		earlier, err := sender.Drain(ctx) // entries a previous run left behind
		if err != nil {
			return failure("%v", err)
		}
		for _, r := range earlier {
			emit(outboxLine(r.Entry.Path, r))
			if r.Outcome != outbox.Acknowledged {
				failed++
			}
		}
		for i, f := range files {
			r, err := sender.Submit(ctx, bodies[i])
			if err != nil {
				return failure("%v", err)
			}
			emit(outboxLine(f, r))
			if r.Outcome != outbox.Acknowledged {
				failed++
			}
		}
		if dead, _ := ob.DeadLetters(); len(dead) > 0 {
			fmt.Fprintf(stderr, "%d dead letter(s) in %s\n", len(dead), ob.DeadDir())
		}
	}
	if failed > 0 {
		return &cliError{code: exitFailure, msg: fmt.Sprintf("%d of the submissions got no 200/202", failed)}
	}
	return nil
}

func result(file string, resp *client.Response, err error) line {
	l := line{File: file, Body: json.RawMessage("null")}
	if resp != nil {
		l.Status, l.Replayed, l.Body = resp.Status, resp.Replayed, bodyJSON(resp.Body)
	}
	if err != nil {
		l.Error = err.Error()
	}
	return l
}

func outboxLine(file string, r outbox.Result) line {
	l := result(file, r.Response, r.Err)
	l.Outbox = r.Outcome.String()
	return l
}

// bodyJSON embeds the server's body as the JSON it is; anything else (an
// HTML error page of a proxy) becomes a JSON string.
func bodyJSON(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if len(bytes.TrimSpace(b)) > 0 && json.Compact(&buf, b) == nil {
		return buf.Bytes()
	}
	s, _ := json.Marshal(string(b))
	return s
}

// expand replaces a directory by its *.json files in name order.
func expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErr("no such file: %s", a)
		}
		if err != nil {
			return nil, usageErr("cannot read %s: %v", a, err)
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, usageErr("cannot list %s: %v", a, err)
		}
		sort.Strings(matches)
		if len(matches) == 0 {
			return nil, usageErr("%s holds no *.json file", a)
		}
		out = append(out, matches...)
	}
	return out, nil
}
