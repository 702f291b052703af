#include "chexview/dataset/DatasetStats.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace chexview {

bool DatasetStats::splitLess(const QString& a, const QString& b)
{
    static const QStringList order = {QStringLiteral("train"), QStringLiteral("val"),
                                      QStringLiteral("train_val"), QStringLiteral("test"),
                                      QStringLiteral("bmt")};
    const auto rank = [](const QString& s) {
        const qsizetype i = order.indexOf(s);
        return i < 0 ? order.size() : i;
    };
    const auto ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
}

DatasetStats DatasetStats::compute(const LabeledDataset& data)
{
    DatasetStats s;
    s.issues = data.issues;
    s.source = data.source;
    s.hasDemographics = data.hasDemographics;
    QHash<QString, QStringList> patientSplits;
    for (const LabeledDataset::Split& in : data.splits) {
        Split out;
        out.name = in.name;
        out.images = int(in.records.size());
        QSet<QString> patients;
        for (const LabelRecord& r : in.records) {
            patients.insert(r.patient);
            if (r.labels == 0)
                ++out.noFinding;
            for (int i = 0; i < kFindingCount; ++i) {
                if (!(r.labels & (1u << i)))
                    continue;
                ++out.positives[size_t(i)];
                for (int j = 0; j < kFindingCount; ++j)
                    if (r.labels & (1u << j))
                        ++out.cooccurrence[size_t(i)][size_t(j)];
            }
            if (data.hasDemographics) {
                ++out.views[r.view];
                ++out.sexes[r.sex];
                if (r.age >= 0)
                    out.ages.push_back(r.age);
            }
        }
        std::sort(out.ages.begin(), out.ages.end());
        out.patients = int(patients.size());
        for (const QString& p : patients)
            patientSplits[p].append(in.name);
        s.splits.append(std::move(out));
    }
    std::stable_sort(s.splits.begin(), s.splits.end(),
                     [](const Split& a, const Split& b) { return splitLess(a.name, b.name); });
    for (auto it = patientSplits.cbegin(); it != patientSplits.cend(); ++it) {
        if (it.value().size() > 1) {
            QStringList splits = it.value();
            std::sort(splits.begin(), splits.end(), splitLess);
            s.leakage.insert(it.key(), splits);
        }
    }
    return s;
}

DatasetStats::LeakageSummary DatasetStats::leakageSummary() const
{
    LeakageSummary out;
    for (const Split& sp : splits)
        if (sp.images > 0)
            ++out.checkedSplits;
    if (out.checkedSplits < 2)
        return out;
    for (auto it = leakage.cbegin(); it != leakage.cend(); ++it) {
        QStringList regular;
        for (const QString& split : it.value())
            if (!isBenchmarkSplit(split))
                regular << split;
        if (regular.size() > 1) {
            ++out.leakingPatients;
            ++out.pairs[regular.join(QLatin1Char('+'))];
        } else {
            ++out.benchmarkPatients;
        }
    }
    out.verdict =
        out.leakingPatients ? LeakageSummary::Verdict::Leak : LeakageSummary::Verdict::Clean;
    return out;
}

} // namespace chexview
