#include "chexview/eval/PatientBootstrap.h"

#include "chexview/eval/BinaryMetrics.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace chexview {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// One finding's images sorted by score, split into groups of equal score.
struct SortedFinding
{
    std::vector<int32_t> patient;  ///< per sorted image
    std::vector<uint8_t> positive; ///< per sorted image
    std::vector<int32_t> groupEnd; ///< exclusive end of each tie group
};

SortedFinding sortFinding(const EvaluationSet& set, int k)
{
    const std::vector<double>& scores = set.scores[size_t(k)];
    const std::vector<int> order = BinaryMetrics::ascendingOrder(scores);
    SortedFinding f;
    f.patient.reserve(order.size());
    f.positive.reserve(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        f.patient.push_back(set.patientIndex[size_t(order[i])]);
        f.positive.push_back(uint8_t(set.positive(order[i], k)));
        if (i + 1 == order.size() || scores[size_t(order[i + 1])] != scores[size_t(order[i])])
            f.groupEnd.push_back(int32_t(i + 1));
    }
    return f;
}

// AUROC with each image weighted by how often its patient was drawn (exact integers).
double weightedAuroc(const SortedFinding& f, const std::vector<int32_t>& draws)
{
    int64_t negBelow = 0, pos = 0, twiceCorrect = 0;
    int32_t begin = 0;
    for (const int32_t end : f.groupEnd) {
        int64_t p = 0, n = 0;
        for (int32_t i = begin; i < end; ++i) {
            const int64_t w = draws[size_t(f.patient[size_t(i)])];
            if (f.positive[size_t(i)])
                p += w;
            else
                n += w;
        }
        twiceCorrect += p * (2 * negBelow + n);
        negBelow += n;
        pos += p;
        begin = end;
    }
    if (pos == 0 || negBelow == 0)
        return kNaN;
    return double(twiceCorrect) / (2.0 * double(pos) * double(negBelow));
}

// aurocs[r * findings + j] for resample r and the j-th requested finding.
std::vector<double> run(const EvaluationSet& set, const std::vector<int>& findings, int resamples,
                        uint64_t seed, int threads)
{
    std::vector<SortedFinding> sorted;
    for (int k : findings)
        sorted.push_back(sortFinding(set, k));
    const size_t nf = findings.size();
    std::vector<double> aurocs(size_t(std::max(resamples, 0)) * nf, kNaN);
    const int patients = int(set.patients.size());
    if (patients == 0 || nf == 0 || resamples <= 0)
        return aurocs;
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, resamples);
    auto work = [&](int first) {
        std::vector<int32_t> draws(static_cast<size_t>(patients));
        for (int r = first; r < resamples; r += threads) {
            PatientBootstrap::drawPatients(seed, r, patients, draws);
            for (size_t j = 0; j < nf; ++j)
                aurocs[size_t(r) * nf + j] = weightedAuroc(sorted[j], draws);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (std::thread& t : pool)
        t.join();
    return aurocs;
}

} // namespace

void PatientBootstrap::drawPatients(uint64_t seed, int r, int patients, std::vector<int32_t>& draws)
{
    draws.assign(size_t(std::max(patients, 0)), 0);
    uint64_t state = seed ^ (uint64_t(r) + 1) * 0xD1B54A32D192ED03ull;
    for (int d = 0; d < patients; ++d) {
        const uint64_t x = splitmix64(state) >> 32; // 32 random bits
        ++draws[size_t((x * uint64_t(patients)) >> 32)];
    }
}

double PatientBootstrap::percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    const double pos = q / 100.0 * double(values.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (pos - double(lo));
}

std::vector<BootstrapInterval> PatientBootstrap::aurocIntervals(const EvaluationSet& set,
                                                                const std::vector<int>& findings,
                                                                int resamples, uint64_t seed,
                                                                double level, int threads)
{
    std::vector<BootstrapInterval> out(static_cast<size_t>(kFindingCount));
    const std::vector<double> aurocs = run(set, findings, resamples, seed, threads);
    const double tail = (1.0 - level) / 2.0 * 100.0;
    for (size_t j = 0; j < findings.size(); ++j) {
        std::vector<double> valid;
        for (int r = 0; r < resamples; ++r) {
            const double a = aurocs[size_t(r) * findings.size() + j];
            if (!std::isnan(a))
                valid.push_back(a);
        }
        BootstrapInterval& b = out[size_t(findings[j])];
        b.resamples = int(valid.size());
        b.low = percentile(valid, tail);
        b.high = percentile(valid, 100.0 - tail);
    }
    return out;
}

std::vector<double> PatientBootstrap::resampledAurocs(const EvaluationSet& set, int finding,
                                                      int resamples, uint64_t seed, int threads)
{
    return run(set, {finding}, resamples, seed, threads);
}

} // namespace chexview
