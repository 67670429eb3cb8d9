package io.fractallba.pcs.canonical;

/**
 * The eight fields of a PCS that are signed (docs/contract.md §2), as given by the agent, before rounding.
 */
public record SignedFields(String pcsId, String merkleRoot, long epoch, String shardId,
                           double dHat, double cohStar, double r, double budget) {
}
