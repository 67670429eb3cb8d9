package sign

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

var hex64 = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// DecodeKey32 reads 32 key bytes written as 64 hex digits (what the SDKs
// print) or as standard base64 (what the verifier's configuration holds);
// the two forms cannot be confused (64 vs 44 characters). option names the
// flag in the error.
func DecodeKey32(option, text string) ([]byte, error) {
	t := strings.TrimSpace(text)
	var key []byte
	if hex64.MatchString(t) {
		key, _ = hex.DecodeString(t)
	} else {
		b, err := base64.StdEncoding.DecodeString(t)
		if err != nil || strings.ContainsAny(t, "\r\n") {
			return nil, fmt.Errorf("%s is neither 64 hex digits nor base64", option)
		}
		key = b
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("%s must be 32 bytes (64 hex digits), got %d bytes", option, len(key))
	}
	return key, nil
}
