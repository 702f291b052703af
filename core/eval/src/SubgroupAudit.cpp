#include "chexview/eval/SubgroupAudit.h"

#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/PatientBootstrap.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace chexview {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every (attribute, group) is one slot; an image is in at most one slot per attribute.
struct Slots
{
    int attributes = 0;
    int count = 0;
    std::vector<int> first;       ///< per attribute, its first slot
    std::vector<int32_t> ofImage; ///< [image * attributes + a]: slot or -1
};

// One finding's images of one slot, sorted by score, with their tie groups: the pass over it
// needs nothing else.
struct SortedGroup
{
    std::vector<int32_t> code;     ///< patient * 2 + positive: one stream for the hot loop
    std::vector<int32_t> groupEnd; ///< exclusive end of each run of equal scores
};

// Per slot, the images of finding k in ascending score order (one sort for all slots).
std::vector<SortedGroup> sortFinding(const EvaluationSet& set, int k, const Slots& sl)
{
    const std::vector<double>& scores = set.scores[size_t(k)];
    const std::vector<int> order = BinaryMetrics::ascendingOrder(scores);
    std::vector<SortedGroup> groups(size_t(sl.count));
    std::vector<double> last(size_t(sl.count), std::numeric_limits<double>::quiet_NaN());
    for (const int img : order)
        for (int a = 0; a < sl.attributes; ++a) {
            const int32_t s = sl.ofImage[size_t(img) * size_t(sl.attributes) + size_t(a)];
            if (s < 0)
                continue;
            SortedGroup& g = groups[size_t(s)];
            const double score = scores[size_t(img)];
            if (!g.code.empty() && score != last[size_t(s)])
                g.groupEnd.push_back(int32_t(g.code.size()));
            last[size_t(s)] = score;
            g.code.push_back(set.patientIndex[size_t(img)] * 2 + (set.positive(img, k) ? 1 : 0));
        }
    for (SortedGroup& g : groups)
        if (!g.code.empty())
            g.groupEnd.push_back(int32_t(g.code.size()));
    return groups;
}

// Mid-rank AUROC of one slot, images weighted by their patient's draws (exact integers).
double weightedAuroc(const SortedGroup& g, const std::vector<int32_t>& draws)
{
    int64_t negBelow = 0, pos = 0, twice = 0;
    int32_t begin = 0;
    for (const int32_t end : g.groupEnd) {
        int64_t pn[2] = {0, 0};
        for (int32_t i = begin; i < end; ++i) {
            const int32_t c = g.code[size_t(i)];
            pn[c & 1] += draws[size_t(c >> 1)];
        }
        twice += pn[1] * (2 * negBelow + pn[0]);
        negBelow += pn[0];
        pos += pn[1];
        begin = end;
    }
    return pos && negBelow ? double(twice) / (2.0 * double(pos) * double(negBelow)) : kNaN;
}

void slotAurocs(const std::vector<SortedGroup>& f, const std::vector<int32_t>& draws, double* out)
{
    for (size_t s = 0; s < f.size(); ++s)
        out[s] = weightedAuroc(f[s], draws);
}

// Weighted underdiagnosis rate of every slot.
void slotUnderdiagnosis(const EvaluationSet& set, const Slots& sl,
                        const std::vector<uint8_t>& eligible, const std::vector<uint8_t>& under,
                        const std::vector<int32_t>& draws, std::vector<int64_t>& e,
                        std::vector<int64_t>& u, double* out)
{
    std::fill(e.begin(), e.end(), 0);
    std::fill(u.begin(), u.end(), 0);
    for (int i = 0; i < set.size(); ++i) {
        if (!eligible[size_t(i)])
            continue;
        const int64_t w = draws[size_t(set.patientIndex[size_t(i)])];
        for (int a = 0; a < sl.attributes; ++a) {
            const int32_t s = sl.ofImage[size_t(i) * size_t(sl.attributes) + size_t(a)];
            if (s < 0)
                continue;
            e[size_t(s)] += w;
            u[size_t(s)] += under[size_t(i)] ? w : 0;
        }
    }
    for (size_t s = 0; s < e.size(); ++s)
        out[s] = e[s] ? double(u[s]) / double(e[s]) : kNaN;
}

struct Interval
{
    double low = kNaN, high = kNaN;
    int n = 0;
};

Interval interval(std::vector<double> values, double level)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    const double tail = (1.0 - level) / 2.0 * 100.0;
    return {PatientBootstrap::percentile(values, tail),
            PatientBootstrap::percentile(values, 100.0 - tail), int(values.size())};
}

} // namespace

SubgroupReport SubgroupAudit::audit(const EvaluationSet& set,
                                    const std::vector<SubgroupAttribute>& attributes,
                                    const std::vector<double>& thresholds,
                                    const EvaluationOptions& options)
{
    SubgroupReport report;
    report.attributes = attributes;
    report.options = options;
    const int n = set.size();
    Slots sl;
    sl.attributes = int(attributes.size());
    for (const SubgroupAttribute& a : attributes) {
        sl.first.push_back(sl.count);
        sl.count += int(a.groups.size());
    }
    sl.ofImage.assign(size_t(n) * size_t(sl.attributes), -1);
    for (int a = 0; a < sl.attributes; ++a)
        for (int i = 0; i < n; ++i) {
            const int g = attributes[size_t(a)].groupOf[size_t(i)];
            if (g >= 0)
                sl.ofImage[size_t(i) * size_t(sl.attributes) + size_t(a)] = sl.first[size_t(a)] + g;
        }
    if (sl.count == 0 || n == 0)
        return report;

    // Which findings give verdicts, and each image's underdiagnosis flags.
    std::vector<int> scored;
    for (int k = 0; k < kFindingCount; ++k)
        if (set.hasScores(k))
            scored.push_back(k);
    std::vector<uint8_t> eligible(static_cast<size_t>(n)), under(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        eligible[size_t(i)] = set.labels[size_t(i)] != 0;
        bool called = false;
        for (int k : scored) {
            const double t = thresholds.size() > size_t(k) ? thresholds[size_t(k)] : kNaN;
            called = called || (!std::isnan(t) && set.scores[size_t(k)][size_t(i)] >= t);
        }
        under[size_t(i)] = eligible[size_t(i)] && !called;
    }
    std::vector<std::vector<SortedGroup>> sorted;
    for (int k : scored)
        sorted.push_back(sortFinding(set, k, sl));
    const size_t S = size_t(sl.count), K = scored.size();

    // Point estimates: every patient drawn once.
    const int patients = int(set.patients.size());
    std::vector<double> pointAuroc(K * S), pointUnder(S);
    {
        std::vector<int32_t> ones(size_t(patients), 1);
        std::vector<int64_t> e(S), u(S);
        for (size_t j = 0; j < K; ++j)
            slotAurocs(sorted[j], ones, &pointAuroc[j * S]);
        slotUnderdiagnosis(set, sl, eligible, under, ones, e, u, pointUnder.data());
    }

    // Resamples: aur[(r * K + j) * S + s], und[r * S + s].
    const int R = std::max(options.bootstrap, 0);
    std::vector<double> aur(size_t(R) * K * S, kNaN), und(size_t(R) * S, kNaN);
    if (R > 0 && patients > 0) {
        int threads = options.threads > 0 ? options.threads
                                          : int(std::max(1u, std::thread::hardware_concurrency()));
        threads = std::min(threads, R);
        auto work = [&](int firstResample) {
            std::vector<int32_t> draws;
            std::vector<int64_t> e(S), u(S);
            for (int r = firstResample; r < R; r += threads) {
                PatientBootstrap::drawPatients(options.seed, r, patients, draws);
                for (size_t j = 0; j < K; ++j)
                    slotAurocs(sorted[j], draws, &aur[(size_t(r) * K + j) * S]);
                slotUnderdiagnosis(set, sl, eligible, under, draws, e, u, &und[size_t(r) * S]);
            }
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t)
            pool.emplace_back(work, t);
        work(0);
        for (std::thread& t : pool)
            t.join();
    }
    auto resampled = [&](size_t j, size_t s) {
        std::vector<double> v(static_cast<size_t>(R));
        for (int r = 0; r < R; ++r)
            v[size_t(r)] = aur[(size_t(r) * K + j) * S + s];
        return v;
    };
    auto resampledUnder = [&](size_t s) {
        std::vector<double> v(static_cast<size_t>(R));
        for (int r = 0; r < R; ++r)
            v[size_t(r)] = und[size_t(r) * S + s];
        return v;
    };

    // Per group: counts, point estimates, intervals.
    for (int a = 0; a < sl.attributes; ++a) {
        const SubgroupAttribute& attr = attributes[size_t(a)];
        for (int g = 0; g < attr.groups.size(); ++g) {
            const size_t s = size_t(sl.first[size_t(a)] + g);
            SubgroupResult res;
            res.attribute = attr.name;
            res.group = attr.groups[g];
            std::vector<uint8_t> patientSeen(size_t(patients), 0);
            std::vector<int> members;
            for (int i = 0; i < n; ++i)
                if (attr.groupOf[size_t(i)] == g) {
                    members.push_back(i);
                    const size_t p = size_t(set.patientIndex[size_t(i)]);
                    res.patients += !patientSeen[p];
                    patientSeen[p] = 1;
                }
            res.images = int(members.size());
            Underdiagnosis& ud = res.underdiagnosis;
            for (int i : members) {
                ud.eligible += eligible[size_t(i)];
                ud.underdiagnosed += under[size_t(i)];
            }
            ud.rate = pointUnder[s];
            if (R > 0) {
                const Interval ci = interval(resampledUnder(s), options.level);
                ud.ciLow = ci.low;
                ud.ciHigh = ci.high;
            }
            res.findings.resize(size_t(kFindingCount));
            for (int k = 0; k < kFindingCount; ++k) {
                SubgroupFinding& f = res.findings[size_t(k)];
                f.finding = chestXray14Findings()[k];
                for (int i : members)
                    (set.positive(i, k) ? f.positives : f.negatives) += 1;
                const auto it = std::find(scored.begin(), scored.end(), k);
                if (it == scored.end())
                    continue;
                const size_t j = size_t(it - scored.begin());
                f.threshold = thresholds.size() > size_t(k) ? thresholds[size_t(k)] : kNaN;
                if (!std::isnan(f.threshold))
                    for (int i : members) {
                        const bool called = set.scores[size_t(k)][size_t(i)] >= f.threshold;
                        if (set.positive(i, k))
                            (called ? f.counts.tp : f.counts.fn) += 1;
                        else
                            (called ? f.counts.fp : f.counts.tn) += 1;
                    }
                f.auroc = pointAuroc[j * S + s];
                f.computable = !std::isnan(f.auroc);
                if (f.computable && R > 0) {
                    const Interval ci = interval(resampled(j, s), options.level);
                    f.ciLow = ci.low;
                    f.ciHigh = ci.high;
                    f.ciResamples = ci.n;
                }
            }
            report.groups.push_back(std::move(res));
        }
    }

    // Gaps against each attribute's largest group.
    size_t base = 0;
    for (int a = 0; a < sl.attributes; ++a) {
        const SubgroupAttribute& attr = attributes[size_t(a)];
        const int groups = int(attr.groups.size());
        int ref = 0;
        for (int g = 1; g < groups; ++g)
            if (report.groups[base + size_t(g)].images > report.groups[base + size_t(ref)].images)
                ref = g;
        const size_t sRef = size_t(sl.first[size_t(a)] + ref);
        for (int g = 0; g < groups; ++g) {
            if (g == ref)
                continue;
            const size_t s = size_t(sl.first[size_t(a)] + g);
            SubgroupGap gap;
            gap.attribute = attr.name;
            gap.group = attr.groups[g];
            gap.reference = attr.groups[ref];
            gap.underdiagnosisGap = pointUnder[s] - pointUnder[sRef];
            if (R > 0) {
                std::vector<double> d(static_cast<size_t>(R));
                for (int r = 0; r < R; ++r)
                    d[size_t(r)] = und[size_t(r) * S + s] - und[size_t(r) * S + sRef];
                const Interval ci = interval(d, options.level);
                gap.underdiagnosisCiLow = ci.low;
                gap.underdiagnosisCiHigh = ci.high;
            }
            gap.findings.resize(size_t(kFindingCount));
            for (int k = 0; k < kFindingCount; ++k) {
                SubgroupGap::Finding& f = gap.findings[size_t(k)];
                f.finding = chestXray14Findings()[k];
                const auto it = std::find(scored.begin(), scored.end(), k);
                if (it == scored.end())
                    continue;
                const size_t j = size_t(it - scored.begin());
                f.gap = pointAuroc[j * S + s] - pointAuroc[j * S + sRef];
                if (std::isnan(f.gap) || R == 0)
                    continue;
                std::vector<double> d(static_cast<size_t>(R));
                for (int r = 0; r < R; ++r)
                    d[size_t(r)] =
                        aur[(size_t(r) * K + j) * S + s] - aur[(size_t(r) * K + j) * S + sRef];
                const Interval ci = interval(d, options.level);
                f.ciLow = ci.low;
                f.ciHigh = ci.high;
                f.ciResamples = ci.n;
            }
            report.gaps.push_back(std::move(gap));
        }
        base += size_t(groups);
    }
    return report;
}

} // namespace chexview
