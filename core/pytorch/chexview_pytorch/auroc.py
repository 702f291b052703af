"""Area under the ROC curve with mid-ranks for ties (the Mann-Whitney U statistic, as
scikit-learn's roc_auc_score computes it). numpy only."""
import numpy as np


def midranks(x):
    """1-based ranks of x, tied values sharing the mean of their ranks."""
    order = np.argsort(x, kind="mergesort")
    sx = x[order]
    ranks = np.empty(len(x), dtype=np.float64)
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def auroc(scores, labels):
    """None when the labels hold only one class (AUROC undefined)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels).astype(bool)
    npos, nneg = int(labels.sum()), int((~labels).sum())
    if npos == 0 or nneg == 0:
        return None
    r = midranks(scores)
    return float((r[labels].sum() - npos * (npos + 1) / 2.0) / (npos * nneg))


def per_finding(probs, labels, names):
    """{name: AUROC or None}, and the mean over the defined ones (None if none is)."""
    out = {n: auroc(probs[:, k], labels[:, k]) for k, n in enumerate(names)}
    defined = [v for v in out.values() if v is not None]
    return out, (float(np.mean(defined)) if defined else None)
