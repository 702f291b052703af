#include "chexview/dataset/DatasetStatsFormatter.h"

#include <QJsonArray>
#include <QTextStream>

#include <functional>
#include <numeric>

namespace chexview {

namespace {

QString pct(double v)
{
    return QString::number(v, 'f', 3);
}

double share(const QMap<QString, int>& counts, const QString& key, int total)
{
    return total ? 100.0 * counts.value(key) / total : 0.0;
}

double mean(const std::vector<int>& v)
{
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

} // namespace

QString DatasetStatsFormatter::csv(const DatasetStats& s)
{
    QString out;
    QTextStream t(&out);
    t << "finding";
    for (const auto& sp : s.splits)
        t << ',' << sp.name;
    t << '\n';
    for (int i = 0; i < kFindingCount; ++i) {
        t << chestXray14Findings()[i];
        for (const auto& sp : s.splits)
            t << ',' << pct(sp.percent(i));
        t << '\n';
    }
    return out;
}

QString DatasetStatsFormatter::table(const DatasetStats& s)
{
    QString out;
    QTextStream t(&out);
    const int w0 = 20, w = 10;
    auto row = [&](const QString& label,
                   const std::function<QString(const DatasetStats::Split&)>& cell) {
        t << label.leftJustified(w0);
        for (const auto& sp : s.splits)
            t << cell(sp).rightJustified(w);
        t << '\n';
    };
    t << "Dataset: " << s.source << '\n';
    t << "Percentage of images positive per finding\n";
    row(QStringLiteral("finding"), [](const auto& sp) { return sp.name; });
    for (int i = 0; i < kFindingCount; ++i)
        row(chestXray14Findings()[i], [i](const auto& sp) { return pct(sp.percent(i)); });
    row(QStringLiteral("No Finding"), [](const auto& sp) { return pct(sp.noFindingPercent()); });
    t << '\n';
    row(QStringLiteral("images"), [](const auto& sp) { return QString::number(sp.images); });
    row(QStringLiteral("patients"), [](const auto& sp) { return QString::number(sp.patients); });
    if (s.hasDemographics) {
        for (const QString& v : {QStringLiteral("PA"), QStringLiteral("AP")})
            row(QStringLiteral("view %1 %").arg(v),
                [v](const auto& sp) { return pct(share(sp.views, v, sp.images)); });
        for (const QString& x : {QStringLiteral("M"), QStringLiteral("F")})
            row(QStringLiteral("sex %1 %").arg(x),
                [x](const auto& sp) { return pct(share(sp.sexes, x, sp.images)); });
        row(QStringLiteral("age median"), [](const auto& sp) {
            return sp.ages.empty() ? QStringLiteral("-")
                                   : QString::number(sp.ages[sp.ages.size() / 2]);
        });
        row(QStringLiteral("age mean"),
            [](const auto& sp) { return QString::number(mean(sp.ages), 'f', 1); });
    }
    t << '\n';
    const DatasetStats::LeakageSummary leak = s.leakageSummary();
    if (leak.verdict == DatasetStats::LeakageSummary::Verdict::NotApplicable) {
        t << "Leakage check: not applicable (needs two splits with images, found "
          << leak.checkedSplits << ")\n";
    } else if (leak.verdict == DatasetStats::LeakageSummary::Verdict::Clean) {
        t << "Leakage check over " << leak.checkedSplits
          << " splits: no patient appears in more than one split\n";
    } else {
        t << "Leakage check: " << leak.leakingPatients << " patients appear in more than one split";
        int shown = 0;
        for (auto it = s.leakage.cbegin(); it != s.leakage.cend() && shown < 5; ++it) {
            QStringList regular;
            for (const QString& sp : it.value())
                if (!DatasetStats::isBenchmarkSplit(sp))
                    regular << sp;
            if (regular.size() < 2)
                continue;
            t << (shown++ ? ", " : ": ") << it.key() << " (" << regular.join(QLatin1Char('+'))
              << ')';
        }
        t << (leak.leakingPatients > 5 ? ", …\n" : "\n");
    }
    if (leak.benchmarkPatients)
        t << "bmt is the benchmark sample, drawn from all splits on purpose: its "
          << leak.benchmarkPatients << " patients shared with another split are expected\n";
    if (!s.issues.isEmpty())
        t << "Malformed lines left out: " << s.issues.size() << '\n';
    return out;
}

QJsonObject DatasetStatsFormatter::json(const DatasetStats& s)
{
    QJsonObject o;
    o.insert(QStringLiteral("source"), s.source);
    o.insert(QStringLiteral("findings"), QJsonArray::fromStringList(chestXray14Findings()));
    QJsonArray splits;
    for (const auto& sp : s.splits) {
        QJsonObject j;
        j.insert(QStringLiteral("name"), sp.name);
        j.insert(QStringLiteral("images"), sp.images);
        j.insert(QStringLiteral("patients"), sp.patients);
        j.insert(QStringLiteral("no_finding"), sp.noFinding);
        j.insert(QStringLiteral("no_finding_pct"), pct(sp.noFindingPercent()).toDouble());
        QJsonObject positives, percent;
        for (int i = 0; i < kFindingCount; ++i) {
            positives.insert(chestXray14Findings()[i], sp.positives[size_t(i)]);
            percent.insert(chestXray14Findings()[i], pct(sp.percent(i)).toDouble());
        }
        j.insert(QStringLiteral("positives"), positives);
        j.insert(QStringLiteral("positive_pct"), percent);
        if (s.hasDemographics) {
            QJsonObject views, sexes;
            for (auto it = sp.views.cbegin(); it != sp.views.cend(); ++it)
                views.insert(it.key(), it.value());
            for (auto it = sp.sexes.cbegin(); it != sp.sexes.cend(); ++it)
                sexes.insert(it.key(), it.value());
            j.insert(QStringLiteral("views"), views);
            j.insert(QStringLiteral("sexes"), sexes);
            if (!sp.ages.empty()) {
                j.insert(QStringLiteral("age_median"), sp.ages[sp.ages.size() / 2]);
                j.insert(QStringLiteral("age_mean"), mean(sp.ages));
            }
        }
        splits.append(j);
    }
    o.insert(QStringLiteral("splits"), splits);
    QJsonObject leak;
    for (auto it = s.leakage.cbegin(); it != s.leakage.cend(); ++it)
        leak.insert(it.key(), QJsonArray::fromStringList(it.value()));
    o.insert(QStringLiteral("leakage"), leak);
    QJsonArray issues;
    for (const DatasetIssue& i : s.issues)
        issues.append(i.toString());
    o.insert(QStringLiteral("issues"), issues);
    return o;
}

} // namespace chexview
