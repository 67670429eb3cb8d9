package pcs

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
	"github.com/fractal-lba/sdk-go/sign"
	"github.com/fractal-lba/sdk-go/signals"
)

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

func loadBuildCases(t *testing.T) (cases []buildCase, secret string, seed []byte) {
	var v struct {
		Secret  string      `json:"hmac_secret"`
		SeedHex string      `json:"ed25519_seed_hex"`
		Cases   []buildCase `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("pcs-build-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	seed, _ = hex.DecodeString(v.SeedHex)
	if len(v.Cases) == 0 || len(seed) != 32 {
		t.Fatal("pcs-build-vectors.json incomplete")
	}
	return v.Cases, v.Secret, seed
}

// TestBuildVectors: every case of contract/golden/pcs-build-vectors.json is
// built byte for byte (hmac, hmac-legacy, ed25519; unicode shard, epoch above
// 2^53, extreme seeds, five scales, CRLF trace), and its expected text parses
// and writes back unchanged.
func TestBuildVectors(t *testing.T) {
	cases, secret, seed := loadBuildCases(t)
	for _, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			tr, err := signals.ParseTrace(golden.Read(strings.Split(c.Trace, "/")...))
			if err != nil {
				t.Fatal(err)
			}
			epoch, _ := strconv.ParseInt(c.Epoch, 10, 64)
			rng, _ := strconv.ParseInt(c.Seed, 10, 64)
			alg, _ := sign.ParseAlg(c.Alg)
			key := []byte(secret)
			if alg == sign.Ed25519 {
				key = seed
			}
			signer, err := sign.NewSigner(alg, key)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Build(tr, BuildParams{ShardID: c.ShardID, Epoch: epoch, Scales: c.Scales, Seed: rng}, signer)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(Marshal(d)); got != c.Expected {
				t.Fatalf("built\n %s\nwant\n %s", got, c.Expected)
			}
			parsed, err := Parse([]byte(c.Expected))
			if err != nil {
				t.Fatal(err)
			}
			if got := string(Marshal(parsed)); got != c.Expected {
				t.Fatalf("parse+write changed the text:\n %s", got)
			}
		})
	}
}

// TestAgentGoldenFiles: pcs_tiny_case_{1,2}.json parse and their signatures
// verify with testsecret (case 2 has D_hat 1.0, which must be signed as 1.0).
func TestAgentGoldenFiles(t *testing.T) {
	v, _ := sign.NewVerifier(sign.HMAC, []byte("testsecret"))
	for _, n := range []string{"1", "2"} {
		d, err := Parse(golden.Read("pcs_tiny_case_" + n + ".json"))
		if err != nil {
			t.Fatal(err)
		}
		if !d.HasSignature() || !v.Verify(d.Payload(), *d.Sig) {
			t.Errorf("pcs_tiny_case_%s.json: signature does not verify over %s", n, d.Payload())
		}
		if d.SentAt == nil || d.FT == nil || d.FT.ClockSkewMs == nil || *d.FT.ClockSkewMs != 0 {
			t.Errorf("optional members not read: %+v", d)
		}
		if ComputeID(d.MerkleRoot, d.Epoch, d.ShardID) != d.PcsID {
			t.Error("pcs_id is not its recomputation")
		}
	}
}

// TestVerifyVectorsParse: every document of verify-vectors.json is well typed.
func TestVerifyVectorsParse(t *testing.T) {
	var v struct {
		Cases []struct {
			Name string          `json:"name"`
			PCS  json.RawMessage `json:"pcs"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("verify-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	for _, c := range v.Cases {
		if _, err := Parse(c.PCS); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
}

const valid = `{"pcs_id":"9235b038c09d7451d7d1458251243ba6565ac9997e16ba58d87a8cef8afa239e","schema":"fractal-lba-kakeya",` +
	`"version":"0.1","shard_id":"shard-001","epoch":1,"scales":[2,4],"N_j":{"2":3,"4":9},"coh_star":0.4,` +
	`"D_hat":1.5,"r":0.6,"regime":"mixed","budget":0.3,"merkle_root":"cdcd"}`

func TestParseRefuses(t *testing.T) {
	with := func(old, new string) string {
		if !strings.Contains(valid, old) {
			t.Fatalf("%q not in the base document", old)
		}
		return strings.Replace(valid, old, new, 1)
	}
	cases := []struct {
		name, body, problem, text string
	}{
		{"duplicate top-level key", with(`"epoch":1,`, `"epoch":1,"epoch":2,`), DuplicateKey, "duplicate key 'epoch'"},
		{"duplicate N_j key", with(`"4":9`, `"4":9,"4":10`), DuplicateKey, "duplicate key '4' in N_j"},
		{"duplicate key in ft", with(`"merkle_root"`, `"ft":{"degraded":true,"degraded":false},"merkle_root"`), DuplicateKey, "'degraded'"},
		{"duplicate key in an unknown member", with(`"merkle_root"`, `"x":[{"a":1,"a":2}],"merkle_root"`), DuplicateKey, "'a'"},
		{"NaN", with(`0.4`, `NaN`), MalformedJSON, "NaN"},
		{"Infinity", with(`0.6`, `Infinity`), MalformedJSON, "Infinity"},
		{"-Infinity", with(`0.6`, `-Infinity`), MalformedJSON, "malformed JSON"},
		{"epoch 1.0", with(`"epoch":1`, `"epoch":1.0`), WrongType, "field 'epoch' must be an integer, got a non-integral number"},
		{"epoch 1e0", with(`"epoch":1`, `"epoch":1e0`), WrongType, "'epoch' must be an integer"},
		{"epoch string", with(`"epoch":1`, `"epoch":"1"`), WrongType, "got a string"},
		{"epoch beyond int64", with(`"epoch":1`, `"epoch":9223372036854775808`), NumberOutOfRange, "64-bit"},
		{"number beyond double", with(`0.6`, `1e400`), NumberOutOfRange, "'r' is outside the range of a double"},
		{"number where a string belongs", with(`"shard-001"`, `7`), WrongType, "'shard_id' must be a string, got an integer"},
		{"string where a number belongs", with(`0.4`, `"0.4"`), WrongType, "'coh_star' must be a number"},
		{"scale not an integer", with(`[2,4]`, `[2,4.5]`), WrongType, "scales[1]"},
		{"N_j count negative type", with(`"2":3`, `"2":true`), WrongType, "N_j.2"},
		{"missing field", with(`,"merkle_root":"cdcd"`, ``), MissingField, "required field 'merkle_root' is missing"},
		{"required null", with(`"regime":"mixed"`, `"regime":null`), WrongType, "got null"},
		{"not an object", `[1,2]`, NotAnObject, "must be a JSON object"},
		{"content after", valid + ` {}`, MalformedJSON, "content after"},
		{"garbage", `{"pcs_id" 1}`, MalformedJSON, "malformed JSON"},
		{"truncated", valid[:40], MalformedJSON, "malformed JSON"},
		{"empty", ``, MalformedJSON, "empty body"},
		{"invalid UTF-8", with(`shard-001`, "shard-\xff"), MalformedJSON, "UTF-8"},
		{"too large", with(`"cdcd"`, `"`+strings.Repeat("cd", DefaultMaxBytes/2)+`"`), TooLarge, "exceeds the limit"},
		{"too deep", with(`"merkle_root"`, `"x":`+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`,"merkle_root"`), TooDeep, "deeper"},
		{"negative usage", with(`"merkle_root"`, `"usage":{"input_tokens":-1},"merkle_root"`), WrongType, "≥ 0"},
		{"ft wrong type", with(`"merkle_root"`, `"ft":{"degraded":"no"},"merkle_root"`), WrongType, "ft.degraded"},
	}
	for _, c := range cases {
		d, err := Parse([]byte(c.body))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, %v", c.name, d, err)
			continue
		}
		if pe.Problem != c.problem || !strings.Contains(pe.Error(), c.text) {
			t.Errorf("%s: got %s %q, want %s containing %q", c.name, pe.Problem, pe.Error(), c.problem, c.text)
		}
	}
}

func TestParseAccepts(t *testing.T) {
	body := strings.Replace(valid, `"merkle_root"`, `"extra":{"deep":[1,{"k":null}]},"attempt":null,"sig":null,`+
		`"ft":{"outbox_seq":3,"fallbacks":["a"],"clock_skew_ms":1.5,"other":null},`+
		`"usage":{"model":"m","task":"t","input_tokens":5,"output_tokens":6,"provider_cost_usd":0.25},"merkle_root"`, 1)
	d, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if d.Attempt != nil || d.Sig != nil || *d.FT.OutboxSeq != 3 || d.FT.Fallbacks[0] != "a" || *d.Usage.InputTokens != 5 {
		t.Fatalf("%+v", d)
	}
	want := `{"pcs_id":"9235b038c09d7451d7d1458251243ba6565ac9997e16ba58d87a8cef8afa239e","schema":"fractal-lba-kakeya",` +
		`"version":"0.1","shard_id":"shard-001","epoch":1,"scales":[2,4],"N_j":{"2":3,"4":9},"coh_star":0.4,"D_hat":1.5,` +
		`"r":0.6,"regime":"mixed","budget":0.3,"merkle_root":"cdcd","ft":{"outbox_seq":3,"fallbacks":["a"],` +
		`"clock_skew_ms":1.5},"usage":{"model":"m","task":"t","input_tokens":5,"output_tokens":6,"provider_cost_usd":0.25}}`
	if got := string(Marshal(d)); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// An integer literal in a number field is that number; -0 is 0.0 as in the verifier.
	d, err = Parse([]byte(strings.Replace(valid, `"coh_star":0.4`, `"coh_star":-0`, 1)))
	if err != nil || strings.Contains(string(Marshal(d)), `-0.0`) {
		t.Fatalf("-0: %v %s", err, Marshal(d))
	}
}

func TestNjOrder(t *testing.T) {
	d, err := Parse([]byte(strings.Replace(valid, `"N_j":{"2":3,"4":9}`, `"N_j":{"x":1,"4":9,"08":7,"2":3}`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	d.Scales = []int64{2, 4, 4, 8}
	if got := string(Marshal(d)); !strings.Contains(got, `"N_j":{"2":3,"4":9,"x":1}`) {
		t.Fatalf("N_j written as %s", got)
	}
}

func TestBuildRefuses(t *testing.T) {
	tr, err := signals.ParseTrace(golden.Read("agent-csv", "tiny_case_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p    BuildParams
		want string
	}{
		{BuildParams{ShardID: "s", Epoch: -1, Scales: DefaultScales}, "epoch must be ≥ 0"},
		{BuildParams{ShardID: "", Epoch: 1, Scales: DefaultScales}, "shard_id must not be empty"},
		{BuildParams{ShardID: "s", Epoch: 1, Scales: []int64{2, 0}}, "1..1024"},
		{BuildParams{ShardID: "s", Epoch: 1, Scales: []int64{2, 2048}}, "1..1024"},
		{BuildParams{ShardID: "s", Epoch: 1, Scales: []int64{2, 4, 2}}, "twice"},
		{BuildParams{ShardID: "s", Epoch: 1, Scales: []int64{2}}, "need at least 2 scales"},
		{BuildParams{ShardID: "s\xff", Epoch: 1, Scales: DefaultScales}, "UTF-8"},
	} {
		_, err := Build(tr, c.p, nil)
		var be *BuildError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
	d, err := Build(tr, BuildParams{ShardID: "s", Epoch: 1, Scales: DefaultScales, Seed: 42}, nil)
	if err != nil || d.Sig == nil || *d.Sig != "" {
		t.Fatalf("unsigned build: %v", err)
	}
}
