// Package outbox is the agent's durable outbox (docs/contract.md §6): a PCS
// is written to a directory and made durable (temporary file, fsync, rename,
// fsync of the directory) BEFORE it is first sent, removed on a final
// answer, moved to dead/ with a .reason file when it can never succeed, and
// otherwise left in place so that the next run resends it. Resending is safe
// because the verifier answers a duplicate with its first answer.
package outbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

const (
	suffix    = ".pcs"
	tmpSuffix = ".tmp"
	deadDir   = "dead"
	reasonExt = ".reason"
)

// Outbox is one outbox directory. It is safe for concurrent use by one
// process; two processes must not share a directory.
type Outbox struct {
	dir  string
	dead string
	mu   sync.Mutex
	seq  int64
}

// Entry is a pending submission: its file and its exact bytes.
type Entry struct {
	Path string
	Body []byte
}

// Name is the entry's file name (its sequence number).
func (e Entry) Name() string { return filepath.Base(e.Path) }

// Open creates dir and dir/dead when needed, removes temporary files a crash
// left behind (an entry whose write never completed was never sent) and
// continues the numbering after every name in use, dead letters included.
func Open(dir string) (*Outbox, error) {
	o := &Outbox{dir: dir, dead: filepath.Join(dir, deadDir)}
	if err := os.MkdirAll(o.dead, 0o700); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	for _, d := range []string{o.dir, o.dead} {
		names, err := list(d, "")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if strings.HasSuffix(n, suffix+tmpSuffix) {
				if err := os.Remove(filepath.Join(d, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return nil, fmt.Errorf("outbox: removing a stale temporary file: %w", err)
				}
				continue
			}
			if s, ok := sequence(n); ok && s > o.seq {
				o.seq = s
			}
		}
	}
	return o, syncDir(o.dir)
}

// Dir is the outbox directory.
func (o *Outbox) Dir() string { return o.dir }

// DeadDir is where dead letters go.
func (o *Outbox) DeadDir() string { return o.dead }

// Append makes body durable as a new entry and returns it. When Append
// returns without error, the entry survives a crash of the process or of
// the machine.
func (o *Outbox) Append(body []byte) (Entry, error) {
	o.mu.Lock()
	o.seq++
	name := fmt.Sprintf("%020d%s", o.seq, suffix)
	o.mu.Unlock()
	path := filepath.Join(o.dir, name)
	if err := writeDurably(path, body); err != nil {
		return Entry{}, fmt.Errorf("outbox: %w", err)
	}
	if err := syncDir(o.dir); err != nil {
		return Entry{}, fmt.Errorf("outbox: %w", err)
	}
	return Entry{Path: path, Body: append([]byte(nil), body...)}, nil
}

// Pending lists the entries not yet answered for good, oldest first: what a
// restarted agent resends.
func (o *Outbox) Pending() ([]Entry, error) {
	names, err := list(o.dir, suffix)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, n := range names {
		p := filepath.Join(o.dir, n)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		out = append(out, Entry{Path: p, Body: b})
	}
	return out, nil
}

// Acknowledge removes an entry the verifier answered with 200 or 202.
func (o *Outbox) Acknowledge(e Entry) error {
	if err := os.Remove(e.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("outbox: %w", err)
	}
	return syncDir(o.dir)
}

// DeadLetter gives up on an entry that can never succeed: the reason is
// written to dead/<name>.reason first, then the entry moves to dead/<name>.
// A crash in between leaves the entry pending (it is resent, harmlessly).
func (o *Outbox) DeadLetter(e Entry, reason string) error {
	name := e.Name()
	if err := writeDurably(filepath.Join(o.dead, name+reasonExt), []byte(strings.TrimRight(reason, "\n")+"\n")); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := os.Rename(e.Path, filepath.Join(o.dead, name)); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := syncDir(o.dead); err != nil {
		return err
	}
	return syncDir(o.dir)
}

// DeadLetters lists the paths of the dead entries, oldest first.
func (o *Outbox) DeadLetters() ([]string, error) {
	names, err := list(o.dead, suffix)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(o.dead, n)
	}
	return out, nil
}

// writeDurably writes data to path through a temporary file that is
// fsynced before the rename, so path holds either all of data or nothing.
// The caller syncs the directory.
func writeDurably(path string, data []byte) error {
	tmp := path + tmpSuffix
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// syncDir makes the directory's entries (a rename, a removal) durable. File
// systems that cannot sync a directory answer EINVAL; the files' own fsync
// has happened then, which is all they offer.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("outbox: syncing %s: %w", dir, err)
	}
	return nil
}

// list returns the regular files of dir ending in suffix, sorted by name
// (the zero-padded sequence numbers sort in order).
func list(dir, suffix string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var names []string
	for _, e := range ents {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), suffix) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func sequence(name string) (int64, bool) {
	i := strings.IndexByte(name, '.')
	if i <= 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(name[:i], 10, 64)
	return n, err == nil
}
