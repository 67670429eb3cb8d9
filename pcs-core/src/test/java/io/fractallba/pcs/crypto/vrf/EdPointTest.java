package io.fractallba.pcs.crypto.vrf;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast {@link EdPoint} (BouncyCastle field arithmetic, extended coordinates, static tables, wNAF/Straus) against
 * {@link EdPointReference}, the plain BigInteger implementation it replaced, so that an optimisation cannot silently
 * diverge: decoding of random and edge-case strings, encodings, sums, multiples by fixed and variable bases, the
 * double-scalar multiples of verification, the cofactor. Random inputs come from a seed printed in every message.
 */
class EdPointTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger L = EdPoint.L;
    private static final BigInteger P = EdPoint.P;
    private static final long SEED = System.nanoTime();
    private final Random random = new Random(SEED);

    private static String seed() {
        return "seed " + SEED + ": ";
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A random point of the whole curve (prime-order part plus, usually, a small-order component): both forms. */
    private EdPoint randomPoint() {
        while (true) {
            byte[] b = randomBytes(32);
            EdPoint p = EdPoint.decode(b);
            if (p != null) {
                return p;
            }
        }
    }

    private static EdPointReference ref(EdPoint p) {
        EdPointReference r = EdPointReference.decode(p.encode());
        assertThat(r).as(seed() + "the reference decodes " + p).isNotNull();
        return r;
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** Scalars of every size the VRF meets (c: 128 bits, s: below L, x: 255 bits) and the edges around them. */
    private List<BigInteger> scalars() {
        List<BigInteger> ks = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                BigInteger.valueOf(15), BigInteger.valueOf(16), BigInteger.valueOf(127), BigInteger.valueOf(128),
                BigInteger.valueOf(255), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(128).add(BigInteger.ONE),
                L.subtract(BigInteger.ONE), L, L.add(BigInteger.ONE), L.shiftLeft(3).add(BigInteger.valueOf(3)),
                BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256).add(BigInteger.valueOf(12345))));
        for (int bits : new int[]{1, 5, 8, 64, 127, 128, 200, 252, 253, 255, 256, 300}) {
            ks.add(new BigInteger(bits, random));
        }
        return ks;
    }

    @Test
    void theConstantsEncodeAsTheRfcSays() {
        assertThat(hex(EdPoint.BASE.encode())).isEqualTo("58" + "66".repeat(31));
        assertThat(hex(EdPoint.IDENTITY.encode())).isEqualTo("01" + "00".repeat(31));
        assertThat(EdPoint.IDENTITY.isIdentity()).isTrue();
        assertThat(EdPoint.BASE.isIdentity()).isFalse();
        assertThat(EdPoint.BASE.times(L).isIdentity()).isTrue();
        assertThat(EdPoint.BASE.times(BigInteger.ONE)).isEqualTo(EdPoint.BASE);
    }

    @Test
    void decodingAgreesWithTheReferenceOnRandomAndEdgeStrings() {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            inputs.add(randomBytes(32));
        }
        // y near and above p (non-canonical), y = 0, ±1, each with both sign bits.
        for (BigInteger yv : List.of(P.subtract(BigInteger.TWO), P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE),
                P.add(BigInteger.valueOf(18)), BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO)) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] b = Le.toBytes(yv, 32);
                b[31] |= (byte) (sign << 7);
                inputs.add(b);
            }
        }
        int points = 0;
        for (byte[] in : inputs) {
            EdPoint fast = EdPoint.decode(in);
            EdPointReference slow = EdPointReference.decode(in);
            assertThat(fast == null).as(seed() + hex(in)).isEqualTo(slow == null);
            if (fast != null) {
                points++;
                assertThat(hex(fast.encode())).as(seed() + "re-encoding " + hex(in)).isEqualTo(hex(in));
                assertThat(hex(slow.encode())).isEqualTo(hex(in));
            }
        }
        assertThat(points).as("about half of all strings are points").isBetween(500, 1000);
        assertThat(EdPoint.decode(new byte[31])).isNull();
        assertThat(EdPoint.decode(null)).isNull();
    }

    @Test
    void sumsDifferencesAndNegationsAgreeWithTheReference() {
        for (int i = 0; i < 40; i++) {
            EdPoint p = randomPoint();
            EdPoint q = i % 5 == 0 ? p : randomPoint();
            EdPointReference rp = ref(p);
            EdPointReference rq = ref(q);
            assertThat(hex(p.add(q).encode())).as(seed() + "P + Q").isEqualTo(hex(rp.add(rq).encode()));
            assertThat(hex(p.subtract(q).encode())).as(seed() + "P − Q").isEqualTo(hex(rp.subtract(rq).encode()));
            assertThat(hex(p.negate().encode())).as(seed() + "−P").isEqualTo(hex(rp.negate().encode()));
            assertThat(p.subtract(p).isIdentity()).as(seed() + "P − P").isTrue();
            assertThat(p.add(p.negate()).isIdentity()).isTrue();
            assertThat(p.add(EdPoint.IDENTITY)).isEqualTo(p);
            assertThat(p.add(q).subtract(q)).as(seed() + "(P + Q) − Q").isEqualTo(p);
            assertThat(hex(p.timesCofactor().encode())).as(seed() + "8P").isEqualTo(hex(rp.timesCofactor().encode()));
            assertThat(p.timesCofactor().isIdentity()).isEqualTo(rp.timesCofactor().isIdentity());
        }
    }

    @Test
    void theEightSmallOrderPointsAreFoundAndClearedAlike() {
        // L·P keeps only P's small-order component; over random P these are all 8 points of order dividing 8.
        Set<String> torsion = new LinkedHashSet<>();
        for (int i = 0; i < 64 && torsion.size() < 8; i++) {
            EdPoint p = randomPoint();
            EdPoint t = p.times(L);
            assertThat(hex(t.encode())).as(seed() + "L·P").isEqualTo(hex(ref(p).times(L).encode()));
            torsion.add(hex(t.encode()));
        }
        assertThat(torsion).as(seed()).hasSize(8).contains("01" + "00".repeat(31), "ec" + "ff".repeat(30) + "7f",
                "00".repeat(32), "00".repeat(31) + "80");
        for (String s : torsion) {
            EdPoint t = EdPoint.decode(HEX.parseHex(s));
            assertThat(t.timesCofactor().isIdentity()).as(s).isTrue();
            assertThat(t.timesCofactor().encode()).isEqualTo(EdPoint.IDENTITY.encode());
            EdPoint mixed = EdPoint.BASE.add(t);
            assertThat(mixed.timesCofactor()).as(s).isEqualTo(EdPoint.BASE.times(BigInteger.valueOf(8)));
        }
    }

    @Test
    void multiplesOfArbitraryPointsAgreeWithTheReference() {
        for (int i = 0; i < 4; i++) {
            EdPoint p = i == 0 ? EdPoint.decode(EdPoint.BASE.add(EdPoint.IDENTITY).encode()) : randomPoint();
            EdPointReference rp = ref(p);
            for (BigInteger k : scalars()) {
                assertThat(hex(p.times(k).encode())).as(seed() + k + "·" + p).isEqualTo(hex(rp.times(k).encode()));
            }
        }
    }

    @Test
    void multiplesOfTheBaseViaTheTablesAgreeWithPlainDoubleAndAddAndTheReference() {
        for (BigInteger k : scalars()) {
            EdPoint table = EdPoint.BASE.times(k);
            assertThat(table).as(seed() + k + "·B, tables vs double-and-add").isEqualTo(doubleAndAdd(EdPoint.BASE, k));
            assertThat(hex(table.encode())).as(seed() + k + "·B").isEqualTo(hex(EdPointReference.BASE.times(k).encode()));
            assertThat(EdPoint.baseTimes(k)).isEqualTo(table);
        }
        for (int i = 0; i < 100; i++) {
            BigInteger k = new BigInteger(256, random);
            assertThat(EdPoint.BASE.times(k)).as(seed() + k + "·B").isEqualTo(doubleAndAdd(EdPoint.BASE, k.mod(L)));
        }
    }

    @Test
    void theVerifiersDoubleScalarMultiplesAgreeWithTheReference() {
        for (int i = 0; i < 24; i++) {
            BigInteger s = switch (i) {
                case 0 -> BigInteger.ZERO;
                case 1 -> L.subtract(BigInteger.ONE);
                default -> new BigInteger(253, random).mod(L);
            };
            BigInteger c = switch (i) {
                case 2 -> BigInteger.ZERO;
                case 3 -> BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
                case 4 -> new BigInteger(256, random);                      // longer than s's halves: still right
                default -> new BigInteger(128, random);
            };
            EdPoint y = i % 3 == 0 ? randomPoint() : EdPoint.BASE.times(new BigInteger(252, random));
            EdPoint h = randomPoint().timesCofactor();
            EdPoint g = randomPoint();
            EdPointReference ry = ref(y);
            EdPointReference rh = ref(h);
            EdPointReference rg = ref(g);
            assertThat(hex(EdPoint.baseTimesMinus(s, c, y).encode())).as(seed() + "s·B − c·Y, i = " + i)
                    .isEqualTo(hex(EdPointReference.BASE.times(s).subtract(ry.times(c)).encode()));
            assertThat(hex(EdPoint.timesMinus(s, h, c, g).encode())).as(seed() + "s·H − c·G, i = " + i)
                    .isEqualTo(hex(rh.times(s).subtract(rg.times(c)).encode()));
        }
    }

    @Test
    void encodeAllIsEachEncodingAndDecodingInvertsEncoding() {
        List<EdPoint> points = new ArrayList<>();
        points.add(EdPoint.IDENTITY);
        points.add(EdPoint.BASE);
        for (int i = 0; i < 10; i++) {
            // Computed points: Z ≠ 1, limbs as the formulas leave them.
            points.add(randomPoint().times(new BigInteger(200, random)).add(EdPoint.BASE.times(new BigInteger(250, random))));
        }
        byte[][] all = EdPoint.encodeAll(points.toArray(new EdPoint[0]));
        for (int i = 0; i < points.size(); i++) {
            EdPoint p = points.get(i);
            assertThat(all[i]).as(seed() + i).isEqualTo(p.encode());
            EdPoint back = EdPoint.decode(p.encode());
            assertThat(back).as(seed() + "decode(encode(P)) == P").isEqualTo(p);
            assertThat(back.encode()).isEqualTo(p.encode());
            assertThat(hex(ref(p).encode())).isEqualTo(hex(p.encode()));
        }
        assertThat(EdPoint.BASE).isNotEqualTo(EdPoint.BASE.negate()).isNotEqualTo(EdPoint.IDENTITY);
    }

    @Test
    void wnafDigitsAreOddBoundedSparseAndSumToTheScalar() {
        for (int w = 2; w <= 8; w++) {
            for (BigInteger k : scalars()) {
                byte[] d = EdPoint.wnaf(k, w);
                BigInteger sum = BigInteger.ZERO;
                int lastNonZero = -w;
                for (int i = 0; i < d.length; i++) {
                    if (d[i] != 0) {
                        assertThat(d[i] & 1).as(seed() + "odd").isEqualTo(1);
                        assertThat(Math.abs(d[i])).as(seed() + "bounded").isLessThan(1 << (w - 1));
                        assertThat(i - lastNonZero).as(seed() + "sparse").isGreaterThanOrEqualTo(w);
                        lastNonZero = i;
                        sum = sum.add(BigInteger.valueOf(d[i]).shiftLeft(i));
                    }
                }
                assertThat(sum).as(seed() + "w = " + w).isEqualTo(k);
            }
        }
    }

    @Test
    void randomProofsVerifyAndTamperedOnesFailExactlyAsUnderTheReference() {
        for (int i = 0; i < 6; i++) {
            byte[] sk = randomBytes(32);
            byte[] alpha = randomBytes(random.nextInt(40));
            byte[] pk = EcVrf.publicKey(sk);
            byte[] pi = EcVrf.prove(sk, alpha);
            assertThat(EcVrfReference.verify(pk, pi, alpha)).as(seed() + "reference accepts")
                    .hasValueSatisfying(beta -> assertThat(EcVrf.verify(pk, pi, alpha)).contains(beta));
            byte[] bad = pi.clone();
            bad[random.nextInt(80)] ^= (byte) (1 << random.nextInt(8));
            assertThat(EcVrf.verify(pk, bad, alpha).isPresent()).as(seed() + "tampered")
                    .isEqualTo(EcVrfReference.verify(pk, bad, alpha).isPresent()).isFalse();
        }
    }

    /** k·p by plain double-and-add over {@link EdPoint#add}: no tables, no wNAF. */
    private static EdPoint doubleAndAdd(EdPoint p, BigInteger k) {
        EdPoint r = EdPoint.IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (k.testBit(i)) {
                r = r.add(p);
            }
        }
        return r;
    }
}
