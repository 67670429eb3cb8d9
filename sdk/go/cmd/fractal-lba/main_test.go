package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
	"github.com/fractal-lba/sdk-go/sign"
)

const seedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

type cliResult struct {
	code           int
	stdout, stderr string
}

func cli(args ...string) cliResult {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return cliResult{code, out.String(), errOut.String()}
}

type buildCase struct {
	Name     string  `json:"name"`
	Trace    string  `json:"trace"`
	ShardID  string  `json:"shard_id"`
	Epoch    string  `json:"epoch"`
	Seed     string  `json:"seed"`
	Scales   []int64 `json:"scales"`
	Alg      string  `json:"alg"`
	Expected string  `json:"expected_pcs"`
}

func buildCases(t *testing.T) []buildCase {
	var v struct {
		Cases []buildCase `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("pcs-build-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	return v.Cases
}

// args is the build command line of the case; out "" writes to stdout.
func (c buildCase) args(out string) []string {
	return append(c.unsignedArgs(out), c.keyArgs()...)
}

func (c buildCase) unsignedArgs(out string) []string {
	scales := make([]string, len(c.Scales))
	for i, s := range c.Scales {
		scales[i] = strconv.FormatInt(s, 10)
	}
	a := []string{"build", "--in", golden.Path(strings.Split(c.Trace, "/")...), "--shard", c.ShardID, "--epoch", c.Epoch,
		"--rng-seed", c.Seed, "--scales", strings.Join(scales, ",")}
	if out != "" {
		a = append(a, "--out", out)
	}
	return a
}

func (c buildCase) keyArgs() []string {
	if c.Alg == "ed25519" {
		return []string{"--alg", c.Alg, "--seed", seedHex}
	}
	return []string{"--alg", c.Alg, "--secret", "testsecret"}
}

// TestBuildVectorsCLI: the CLI writes every pcs-build-vectors.json case byte
// for byte, to a file (no trailing newline) and to standard output.
func TestBuildVectorsCLI(t *testing.T) {
	dir := t.TempDir()
	for _, c := range buildCases(t) {
		out := filepath.Join(dir, c.Name+".json")
		if r := cli(c.args(out)...); r.code != 0 {
			t.Fatalf("%s: exit %d: %s", c.Name, r.code, r.stderr)
		}
		if got, _ := os.ReadFile(out); string(got) != c.Expected {
			t.Fatalf("%s: file\n %s\nwant\n %s", c.Name, got, c.Expected)
		}
		if r := cli(c.args("")...); r.code != 0 || r.stdout != c.Expected+"\n" {
			t.Fatalf("%s: stdout %q (exit %d %s)", c.Name, r.stdout, r.code, r.stderr)
		}
	}
}

// TestBadInputExit2: every bad input is exit 2 with one clear message on
// stderr, and no output file is written.
func TestBadInputExit2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := golden.Path("agent-csv", "tiny_case_1.csv")
	malformed := write("bad.csv", "timestamp,x,y,z\n1,2,3,4\n2,0.5,abc,4\n")
	nan := write("nan.csv", "timestamp,x,y,z\n1,NaN,3,4\n")
	short := write("short.csv", "timestamp,x,y,z\n1,2,3\n")
	dupKey := write("dup.json", strings.Replace(string(golden.Read("pcs_tiny_case_1.json")), `"epoch": 1,`, `"epoch": 1, "epoch": 2,`, 1))
	floatEpoch := write("float-epoch.json", strings.Replace(string(golden.Read("pcs_tiny_case_1.json")), `"epoch": 1,`, `"epoch": 1.0,`, 1))
	nanDoc := write("nan.json", strings.Replace(string(golden.Read("pcs_tiny_case_1.json")), `"r": 0.318421053`, `"r": NaN`, 1))
	out := filepath.Join(dir, "out.json")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"build", "--in", malformed, "--out", out}, "line 3, column 3: not a decimal number: \"abc\""},
		{[]string{"build", "--in", nan, "--out", out}, "line 2, column 2"},
		{[]string{"build", "--in", short, "--out", out}, "line 2: expected 4 fields"},
		{[]string{"build", "--in", filepath.Join(dir, "missing.csv"), "--out", out}, "no such file"},
		{[]string{"build", "--out", out}, "--in is required"},
		{[]string{"build", "--in", good, "--out", out, "--epoch", "1.5"}, "--epoch must be a decimal integer"},
		{[]string{"build", "--in", good, "--out", out, "--epoch", "-1"}, "--epoch must be ≥ 0"},
		{[]string{"build", "--in", good, "--out", out, "--epoch", "9223372036854775808"}, "--epoch must be a decimal integer"},
		{[]string{"build", "--in", good, "--out", out, "--rng-seed", "x"}, "--rng-seed"},
		{[]string{"build", "--in", good, "--out", out, "--scales", "2,x"}, "--scales"},
		{[]string{"build", "--in", good, "--out", out, "--scales", "0,2"}, "1..1024"},
		{[]string{"build", "--in", good, "--out", out, "--scales", "2,4,2"}, "twice"},
		{[]string{"build", "--in", good, "--out", out, "--scales", "8"}, "at least 2"},
		{[]string{"build", "--in", good, "--out", out, "--alg", "ed25519", "--seed", "abcd"}, "--seed"},
		{[]string{"build", "--in", good, "--out", out, "--alg", "ed25519", "--seed", seedHex[:62]}, "--seed"},
		{[]string{"build", "--in", good, "--out", out, "--alg", "rsa", "--secret", "x"}, "unknown algorithm"},
		{[]string{"build", "--in", good, "--out", out, "--alg", "hmac", "--secret", ""}, "an HMAC key is needed"},
		{[]string{"build", "--in", good, "--out", out, "--bogus"}, "flag provided but not defined"},
		{[]string{"sign", "--in", dupKey, "--out", out, "--secret", "testsecret"}, "duplicate key 'epoch'"},
		{[]string{"sign", "--in", floatEpoch, "--out", out, "--secret", "testsecret"}, "'epoch' must be an integer"},
		{[]string{"sign", "--in", nanDoc, "--out", out, "--secret", "testsecret"}, "NaN"},
		{[]string{"sign", "--in", good, "--out", out}, "a key is needed"},
		{[]string{"verify", "--in", nanDoc, "--secret", "testsecret"}, "not a valid PCS"},
		{[]string{"verify", "--in", golden.Path("pcs_tiny_case_1.json"), "--alg", "ed25519", "--public-key", "00"}, "--public-key"},
		{[]string{"submit", filepath.Join(dir, "missing.json")}, "no such file"},
		{[]string{"submit", "--url", "ftp://x", good}, "--url"},
		{[]string{"keygen", "--type", "rsa"}, "unknown --type"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, c := range cases {
		r := cli(c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || !strings.HasPrefix(r.stderr, "error: ") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with %q", c.args, r.code, r.stderr, c.want)
		}
		if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && !strings.Contains(c.want, "unknown command") {
			t.Errorf("%v: more than one line on stderr: %q", c.args, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("%v wrote %s", c.args, out)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
			t.Fatalf("%v left %v", c.args, left)
		}
	}
	if r := cli(); r.code != 2 || !strings.Contains(r.stderr, "usage") {
		t.Errorf("no arguments: %+v", r)
	}
	if r := cli("help"); r.code != 0 || !strings.Contains(r.stdout, "usage") {
		t.Errorf("help: %+v", r)
	}
}

func TestSignAndVerify(t *testing.T) {
	dir := t.TempDir()
	var hmacCase, edCase buildCase
	for _, c := range buildCases(t) {
		switch c.Name {
		case "tiny_case_1-hmac":
			hmacCase = c
		case "tiny_case_1-ed25519":
			edCase = c
		}
	}
	// Unsigned build (no --alg, no key), then sign: the signed file is the vector.
	unsigned := filepath.Join(dir, "unsigned.json")
	if r := cli(hmacCase.unsignedArgs(unsigned)...); r.code != 0 || !strings.Contains(r.stderr, "unsigned") {
		t.Fatalf("unsigned build: %+v", r)
	}
	if b, _ := os.ReadFile(unsigned); !strings.Contains(string(b), `"sig":""`) {
		t.Fatalf("unsigned PCS: %s", b)
	}
	signed := filepath.Join(dir, "signed.json")
	if r := cli("sign", "--in", unsigned, "--out", signed, "--alg", "hmac", "--secret", "testsecret"); r.code != 0 {
		t.Fatalf("sign: %+v", r)
	}
	if b, _ := os.ReadFile(signed); string(b) != hmacCase.Expected {
		t.Fatalf("signed\n %s\nwant\n %s", b, hmacCase.Expected)
	}
	r := cli("verify", "--in", signed, "--alg", "hmac", "--secret", "testsecret")
	if r.code != 0 || !strings.Contains(r.stdout, "signature OK; decision: status 200 (accepted)") {
		t.Fatalf("verify: %+v", r)
	}
	if r := cli("verify", "--in", signed, "--secret", "wrong"); r.code != 1 || !strings.Contains(r.stdout, "signature INVALID") {
		t.Fatalf("wrong secret: %+v", r)
	}
	// In place, ed25519: equals the ed25519 vector (another rng seed, so built anew).
	edFile := filepath.Join(dir, "ed.json")
	if r := cli(edCase.args(edFile)...); r.code != 0 {
		t.Fatal(r)
	}
	if r := cli("sign", "--in", edFile, "--alg", "ed25519", "--seed", seedHex); r.code != 0 {
		t.Fatal(r)
	}
	if b, _ := os.ReadFile(edFile); string(b) != edCase.Expected {
		t.Fatalf("re-signed in place: %s", b)
	}
	seed, _ := hex.DecodeString(seedHex)
	pub, _ := sign.PublicKey(seed)
	if r := cli("verify", edFile, "--alg", "ed25519", "--public-key", hex.EncodeToString(pub)); r.code != 0 {
		t.Fatalf("ed25519 verify: %+v", r)
	}
	// The agent's golden file, and a decision that escalates.
	if r := cli("verify", "--in", golden.Path("pcs_tiny_case_2.json"), "--secret", "testsecret"); r.code != 0 ||
		!strings.Contains(r.stdout, "status 200 (accepted)") {
		t.Fatalf("pcs_tiny_case_2.json: %+v", r)
	}
	tampered := filepath.Join(dir, "tampered.json")
	text, _ := os.ReadFile(signed)
	os.WriteFile(tampered, []byte(strings.Replace(string(text), `"regime":"mixed"`, `"regime":"sticky"`, 1)), 0o644)
	if r := cli("verify", "--in", tampered, "--secret", "testsecret"); r.code != 0 ||
		!strings.Contains(r.stdout, "status 202 (regime_mismatch") {
		t.Fatalf("regime not signed, decision escalates: %+v", r)
	}
}

// fakeVerifier answers 200 to a new body, 200 with Idempotent-Replayed to a
// repeated one, 401 to a body containing "tampered".
type fakeVerifier struct {
	mu   sync.Mutex
	seen map[string]bool
	hits int
}

func (f *fakeVerifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits++
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != "/v1/pcs/submit" || r.Header.Get("X-Tenant-Id") != "acme" {
		w.WriteHeader(404)
		return
	}
	if strings.Contains(string(b), "tampered") {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(401)
		io.WriteString(w, `{"title":"signature did not verify","status":401}`)
		return
	}
	if f.seen[string(b)] {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	f.seen[string(b)] = true
	io.WriteString(w, `{ "accepted": true, "escalated": false, "pcs_id": "x" }`)
}

func TestSubmit(t *testing.T) {
	fv := &fakeVerifier{seen: map[string]bool{}}
	srv := httptest.NewServer(fv)
	defer srv.Close()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	os.WriteFile(a, golden.Read("pcs_tiny_case_1.json"), 0o644)

	var lines []line
	parseLines := func(out string) {
		lines = nil
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var x line
			if err := json.Unmarshal([]byte(l), &x); err != nil {
				t.Fatalf("not a JSON line: %q", l)
			}
			lines = append(lines, x)
		}
	}
	r := cli("submit", "--url", srv.URL, "--tenant", "acme", a)
	parseLines(r.stdout)
	if r.code != 0 || len(lines) != 1 || lines[0].Status != 200 || lines[0].Replayed || lines[0].File != a ||
		string(lines[0].Body) != `{"accepted":true,"escalated":false,"pcs_id":"x"}` {
		t.Fatalf("first: %+v %+v", r, lines)
	}
	if !strings.HasPrefix(r.stdout, `{"file":`) || !strings.Contains(r.stdout, `,"status":200,"replayed":false,"body":{`) {
		t.Fatalf("member order: %s", r.stdout)
	}
	r = cli("submit", a, "--url", srv.URL, "--tenant", "acme", "--json") // flags after the file, as the Java CLI
	parseLines(r.stdout)
	if r.code != 0 || !lines[0].Replayed {
		t.Fatalf("duplicate: %+v", r)
	}
	bad := filepath.Join(dir, "b.json")
	os.WriteFile(bad, []byte(`{"tampered":true}`), 0o644)
	before := fv.hits
	r = cli("submit", "--url", srv.URL, "--tenant", "acme", bad)
	parseLines(r.stdout)
	if r.code != 1 || lines[0].Status != 401 || fv.hits != before+1 || !strings.Contains(string(lines[0].Body), "signature") {
		t.Fatalf("401 must not be retried and exit 1: %+v (%d hits)", r, fv.hits-before)
	}

	// With an outbox: the 401 is a dead letter with its reason, the 200 leaves nothing.
	ob := filepath.Join(dir, "outbox")
	r = cli("submit", "--url", srv.URL, "--tenant", "acme", "--outbox", ob, dir)
	parseLines(r.stdout)
	if r.code != 1 || len(lines) != 2 || lines[0].Outbox != "acknowledged" || lines[1].Outbox != "dead-letter" {
		t.Fatalf("outbox: %+v %+v", r, lines)
	}
	reasons, _ := filepath.Glob(filepath.Join(ob, "dead", "*.reason"))
	pending, _ := filepath.Glob(filepath.Join(ob, "*.pcs"))
	if len(reasons) != 1 || len(pending) != 0 {
		t.Fatalf("dead reasons %v, pending %v", reasons, pending)
	}
	// An entry a crashed run left behind is resent first.
	os.WriteFile(filepath.Join(ob, "00000000000000000009.pcs"), golden.Read("pcs_tiny_case_2.json"), 0o600)
	r = cli("submit", "--url", srv.URL, "--tenant", "acme", "--outbox", ob, a)
	parseLines(r.stdout)
	if r.code != 0 || len(lines) != 2 || !strings.HasSuffix(lines[0].File, "00000000000000000009.pcs") || lines[0].Status != 200 {
		t.Fatalf("drain: %+v %+v", r, lines)
	}

	// Nothing listening: exit 1 after the retries, the outbox keeps the entry.
	down := httptest.NewServer(http.NotFoundHandler())
	url := down.URL
	down.Close()
	r = cli("submit", "--url", url, "--tenant", "acme", "--outbox", ob, "--max-attempts", "2", a)
	parseLines(r.stdout)
	if r.code != 1 || lines[0].Status != 0 || lines[0].Outbox != "pending" || lines[0].Error == "" {
		t.Fatalf("server down: %+v %+v", r, lines)
	}
	if pending, _ := filepath.Glob(filepath.Join(ob, "*.pcs")); len(pending) != 1 {
		t.Fatalf("pending %v", pending)
	}
}

func TestKeygen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "seed.hex")
	r := cli("keygen", "--out-seed", file)
	if r.code != 0 {
		t.Fatal(r)
	}
	var pubText string
	if strings.Contains(r.stdout, "seed: ") {
		t.Fatal("with --out-seed the seed is written to the file only")
	}
	b, _ := os.ReadFile(file)
	seedText := strings.TrimSpace(string(b))
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "public-key: ") {
			pubText = strings.TrimPrefix(l, "public-key: ")
		}
	}
	seed, err := sign.DecodeKey32("seed", seedText)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := sign.PublicKey(seed)
	if hex.EncodeToString(pub) != pubText {
		t.Fatal("public key does not belong to the seed")
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("seed file: %v %v", err, st.Mode())
	}
	if r := cli("keygen", "--out-seed", file); r.code != 2 {
		t.Fatalf("overwrote a key: %+v", r)
	}
	// The new key builds and verifies.
	out := filepath.Join(dir, "p.json")
	if r := cli("build", "--in", golden.Path("agent-csv", "tiny_case_2.csv"), "--out", out, "--alg", "ed25519", "--seed", seedText); r.code != 0 {
		t.Fatal(r)
	}
	if r := cli("verify", "--in", out, "--alg", "ed25519", "--public-key", pubText); r.code != 0 {
		t.Fatal(r)
	}
}

// TestBinary builds the real command in a temporary directory and runs it:
// exit codes and messages as a shell sees them, never a stack trace.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fractal-lba")
	build := exec.Command(gobin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	c := buildCases(t)[0]
	out := filepath.Join(dir, "pcs.json")
	cmd := exec.Command(bin, c.args(out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if b, _ := os.ReadFile(out); string(b) != c.Expected {
		t.Fatalf("binary built %s", b)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("timestamp,x,y,z\n1,2,3,Infinity\n"), 0o644)
	cmd = exec.Command(bin, "build", "--in", bad, "--out", filepath.Join(dir, "no.json"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || !strings.Contains(stderr.String(), "line 2, column 4") || strings.Contains(stderr.String(), "goroutine") {
		t.Fatalf("bad trace: %v %q", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "no.json")); !os.IsNotExist(err) {
		t.Fatal("a PCS was written for a bad trace")
	}
}
