package io.fractallba.ensemble.bandit;

/**
 * The reward of a decision once its true label is known (docs/ensemble.md): 0.6 containment (a risky submission not
 * accepted, or a grounded submission accepted), 0.2 agreement (share of non-abstaining votes on the decision's side),
 * 0.1 latency (1 − decision time / time budget), 0.1 cost (an escalation costs a human review: 0, else 1).
 */
public final class Reward {

    private Reward() {
    }

    public static double of(String decision, int label, double agreement, double latencyMs, double budgetMs) {
        boolean contained = label == 1 ? !decision.equals("accept") : decision.equals("accept");
        double latency = budgetMs <= 0 ? 1 : Math.max(0, 1 - latencyMs / budgetMs);
        double cost = decision.equals("escalate") ? 0 : 1;
        return 0.6 * (contained ? 1 : 0) + 0.2 * agreement + 0.1 * latency + 0.1 * cost;
    }
}
