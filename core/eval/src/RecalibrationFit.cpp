#include "chexview/eval/RecalibrationFit.h"

#include "chexview/eval/Evaluator.h"

#include <QCryptographicHash>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chexview {

namespace {

double logit(double p)
{
    p = std::clamp(p, 1e-7, 1.0 - 1e-7);
    return std::log(p / (1.0 - p));
}

// Mean negative log-likelihood of y under sigmoid(a z + b), computed stably.
double nll(const std::vector<double>& z, const std::vector<uint8_t>& y, double a, double b)
{
    double s = 0.0;
    for (size_t i = 0; i < z.size(); ++i) {
        const double t = a * z[i] + b;
        // -log sigmoid(t) = log(1 + e^-t); -log(1 - sigmoid(t)) = log(1 + e^t)
        const double u = y[i] ? -t : t;
        s += u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
    }
    return s / double(z.size());
}

// Newton's method on (a, b) (b fixed at 0 when !withBias), halving steps that do not lower the
// likelihood; a tiny ridge keeps separable data finite.
void newton(const std::vector<double>& z, const std::vector<uint8_t>& y, bool withBias, double& a,
            double& b)
{
    constexpr double kRidge = 1e-6;
    a = 1.0;
    b = 0.0;
    double current = nll(z, y, a, b);
    for (int iter = 0; iter < 100; ++iter) {
        double ga = kRidge * (a - 1.0), gb = withBias ? kRidge * b : 0.0;
        double haa = kRidge, hab = 0.0, hbb = kRidge;
        const double n = double(z.size());
        for (size_t i = 0; i < z.size(); ++i) {
            const double p = 1.0 / (1.0 + std::exp(-(a * z[i] + b)));
            const double r = (p - (y[i] ? 1.0 : 0.0)) / n;
            const double w = p * (1.0 - p) / n;
            ga += r * z[i];
            gb += r;
            haa += w * z[i] * z[i];
            hab += w * z[i];
            hbb += w;
        }
        double da, db = 0.0;
        if (withBias) {
            const double det = haa * hbb - hab * hab;
            if (!(std::abs(det) > 1e-300))
                break;
            da = (hbb * ga - hab * gb) / det;
            db = (haa * gb - hab * ga) / det;
        } else {
            da = ga / haa;
        }
        double step = 1.0;
        bool improved = false;
        for (int h = 0; h < 30; ++h, step /= 2) {
            const double na = a - step * da, nb = b - step * db;
            if (na <= 1e-6)
                continue;
            const double v = nll(z, y, na, nb);
            if (v <= current) {
                improved = current - v > 1e-15;
                a = na;
                b = nb;
                current = v;
                break;
            }
        }
        if (!improved || (std::abs(da) < 1e-10 && std::abs(db) < 1e-10))
            break;
    }
}

// Pool-adjacent-violators on the scores sorted ascending: blocks of (mean p, mean y).
void isotonic(const std::vector<double>& scores, const std::vector<uint8_t>& truth,
              std::vector<double>& x, std::vector<double>& y)
{
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int i, int j) { return scores[size_t(i)] < scores[size_t(j)]; });
    struct Block
    {
        double sumP, sumY, n;
    };
    std::vector<Block> blocks;
    for (size_t i = 0; i < order.size();) { // equal scores form one block
        Block b{0, 0, 0};
        const double s = scores[size_t(order[i])];
        for (; i < order.size() && scores[size_t(order[i])] == s; ++i)
            b = {b.sumP + s, b.sumY + (truth[size_t(order[i])] ? 1.0 : 0.0), b.n + 1};
        blocks.push_back(b);
        while (blocks.size() > 1) {
            const Block& l = blocks[blocks.size() - 2];
            const Block& r = blocks.back();
            if (l.sumY / l.n < r.sumY / r.n)
                break;
            const Block m{l.sumP + r.sumP, l.sumY + r.sumY, l.n + r.n};
            blocks.pop_back();
            blocks.back() = m;
        }
    }
    // Thin to at most kMaxIsotonicPoints by merging neighbours (keeps monotonicity).
    while (blocks.size() > size_t(Recalibration::kMaxIsotonicPoints)) {
        std::vector<Block> merged;
        for (size_t i = 0; i < blocks.size(); i += 2)
            merged.push_back(i + 1 < blocks.size() ? Block{blocks[i].sumP + blocks[i + 1].sumP,
                                                           blocks[i].sumY + blocks[i + 1].sumY,
                                                           blocks[i].n + blocks[i + 1].n}
                                                   : blocks[i]);
        blocks.swap(merged);
    }
    x.clear();
    y.clear();
    for (const Block& b : blocks) {
        const double px = std::clamp(b.sumP / b.n, 0.0, 1.0);
        if (!x.empty() && px <= x.back())
            continue; // rounding: keep x strictly increasing
        x.push_back(px);
        y.push_back(std::max(b.sumY / b.n, y.empty() ? 0.0 : y.back()));
    }
}

} // namespace

Recalibration::Map RecalibrationFit::fit(Recalibration::Method method,
                                         const std::vector<double>& scores,
                                         const std::vector<uint8_t>& truth)
{
    Recalibration::Map m;
    const int64_t positives = std::count(truth.begin(), truth.end(), uint8_t(1));
    const bool bothClasses = positives > 0 && positives < int64_t(truth.size());
    if (method == Recalibration::Method::Isotonic) {
        if (bothClasses)
            isotonic(scores, truth, m.x, m.y);
        if (m.x.size() < 2) {
            m.x = {0.0, 1.0};
            m.y = {0.0, 1.0};
        }
        return m;
    }
    if (!bothClasses)
        return m;
    std::vector<double> z(scores.size());
    std::transform(scores.begin(), scores.end(), z.begin(), logit);
    newton(z, truth, method == Recalibration::Method::Platt, m.a, m.b);
    return m;
}

Recalibration RecalibrationFit::fitAll(Recalibration::Method method, const EvaluationSet& set)
{
    Recalibration r;
    r.method = method;
    for (int k = 0; k < kFindingCount; ++k)
        r.findings.push_back(set.hasScores(k)
                                 ? fit(method, set.scores[size_t(k)], Evaluator::truths(set, k))
                                 : fit(method, {}, {}));
    return r;
}

void RecalibrationFit::splitPatients(const EvaluationSet& set, double fraction, uint64_t seed,
                                     std::vector<int>& fit, std::vector<int>& heldOut)
{
    std::vector<std::pair<QByteArray, int>> keyed;
    for (int p = 0; p < set.patients.size(); ++p)
        keyed.emplace_back(QCryptographicHash::hash(QByteArray::number(qulonglong(seed)) + '|' +
                                                        set.patients[p].toUtf8(),
                                                    QCryptographicHash::Sha256),
                           p);
    std::sort(keyed.begin(), keyed.end());
    const size_t held = size_t(std::llround(std::clamp(fraction, 0.0, 1.0) * double(keyed.size())));
    std::vector<uint8_t> isHeld(size_t(set.patients.size()), 0);
    for (size_t i = 0; i < held; ++i)
        isHeld[size_t(keyed[i].second)] = 1;
    fit.clear();
    heldOut.clear();
    for (int i = 0; i < set.size(); ++i)
        (isHeld[size_t(set.patientIndex[size_t(i)])] ? heldOut : fit).push_back(i);
}

EvaluationSet RecalibrationFit::subset(const EvaluationSet& set, const std::vector<int>& rows)
{
    EvaluationSet s;
    s.scores.assign(size_t(kFindingCount), {});
    QHash<int, int> patientMap;
    for (int i : rows) {
        s.images << set.images[i];
        s.labels.push_back(set.labels[size_t(i)]);
        const int p = set.patientIndex[size_t(i)];
        auto it = patientMap.constFind(p);
        if (it == patientMap.constEnd()) {
            it = patientMap.insert(p, int(s.patients.size()));
            s.patients << set.patients[p];
        }
        s.patientIndex.push_back(*it);
        for (int k = 0; k < kFindingCount; ++k)
            if (set.hasScores(k))
                s.scores[size_t(k)].push_back(set.scores[size_t(k)][size_t(i)]);
    }
    return s;
}

EvaluationSet RecalibrationFit::applied(const EvaluationSet& set, const Recalibration& r)
{
    EvaluationSet s = set;
    for (int k = 0; k < kFindingCount; ++k)
        for (double& p : s.scores[size_t(k)])
            p = r.apply(k, p);
    return s;
}

} // namespace chexview
