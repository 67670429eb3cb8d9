package io.fractallba.sdk.cli;

import io.fractallba.pcs.crypto.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;

@Command(name = "keygen", description = {"Generate an Ed25519 key pair or an HMAC secret (printed, base64).",
        "An Ed25519 pair also serves as a tenant's VRF key pair (same format): the seed for `build --vrf-key`, the "
                + "public key for the verifier. Generate a pair of its own for that, not the signing pair."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--type", defaultValue = "ed25519", description = "ed25519 or hmac (default ${DEFAULT-VALUE})")
    String type;

    @Override
    public Integer call() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder b64 = Base64.getEncoder();
        switch (type) {
            case "ed25519" -> {
                Ed25519Keys.KeyPair kp = Ed25519Keys.generate(random);
                System.out.println("seed (keep secret, agent side): " + b64.encodeToString(kp.seed()));
                System.out.println("public-key (verifier config):  " + b64.encodeToString(kp.publicKey()));
            }
            case "hmac" -> {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                System.out.println("secret (agent and verifier): " + b64.encodeToString(secret));
            }
            default -> {
                System.err.println("unknown --type " + type + " (ed25519 or hmac)");
                return 2;
            }
        }
        return 0;
    }
}
