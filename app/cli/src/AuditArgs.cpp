#include "AuditArgs.h"

#include "chexview/dataset/ImageAttributes.h"
#include "chexview/dataset/LabelsCsvReader.h"
#include "chexview/eval/CalibrationFormatter.h"
#include "chexview/eval/ExpertFormatter.h"
#include "chexview/eval/SubgroupFormatter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace chexview {

namespace {

constexpr int kMaxGroups = 64; // a column with more values is not a subgroup attribute

bool writeText(const QString& path, const QString& text, QTextStream& err)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
        err << "chexview-cli evaluate: cannot write " << path << ": " << f.errorString() << '\n';
        return false;
    }
    return true;
}

} // namespace

bool AuditArgs::parse(const QStringList& args, int& i)
{
    const QString& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if (a == QLatin1String("--calibration")) {
        calibration = true;
        return true;
    }
    if (a == QLatin1String("--subgroups") && hasValue) {
        subgroups = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        return true;
    }
    if (a == QLatin1String("--demographics") && hasValue) {
        demographics = args[++i];
        return true;
    }
    if (a == QLatin1String("--expert-labels") && hasValue) {
        expertLabels = args[++i];
        return true;
    }
    return false;
}

QString AuditArgs::usage()
{
    return QStringLiteral(
        "  --calibration: ECE (15 bins, L1) and Brier score per finding (always in JSON)\n"
        "  --subgroups sex,age,view,COLUMN [--demographics CSV]: AUROC with CI, sensitivity,\n"
        "    specificity, FPR and underdiagnosis per group, gaps to the largest group with a\n"
        "    paired CI (sex, age, view: Data_Entry's columns; default CSV: the labels file)\n"
        "  --expert-labels FILE: against radiologists' labels (Google's relabel layout)\n");
}

bool AuditResults::compute(const AuditArgs& args, const QString& labelsPath,
                           const EvaluationSet& set, const PredictionTable& predictions,
                           const EvaluationReport& report, QTextStream& err)
{
    calibration = args.calibration;
    std::vector<double> thresholds;
    for (const FindingMetrics& m : report.findings)
        thresholds.push_back(m.threshold);
    try {
        if (!args.subgroups.isEmpty()) {
            const QString path = args.demographics.isEmpty() ? labelsPath : args.demographics;
            if (args.demographics.isEmpty() && !LabelsCsvReader::looksLikeLabelsCsv(path)) {
                err << "chexview-cli evaluate: --subgroups needs a CSV with the columns: "
                       "--demographics FILE (e.g. Data_Entry_2017_v2020.csv.gz)\n";
                return false;
            }
            QStringList columns;
            for (const QString& s : args.subgroups)
                columns << SubgroupAttributes::columnFor(s);
            const ImageAttributeTable table = ImageAttributes::read(path, columns);
            for (const DatasetIssue& i : table.issues)
                problems << i.toString();
            std::vector<SubgroupAttribute> attributes;
            for (const QString& s : args.subgroups) {
                attributes.push_back(SubgroupAttributes::build(set, s, table));
                if (attributes.back().groups.size() > kMaxGroups) {
                    err << "chexview-cli evaluate: --subgroups " << s << ": "
                        << attributes.back().groups.size() << " distinct values (at most "
                        << kMaxGroups << ")\n";
                    return false;
                }
            }
            subgroups = SubgroupAudit::audit(set, attributes, thresholds, report.options);
            hasSubgroups = true;
        }
        if (!args.expertLabels.isEmpty()) {
            const ExpertLabelTable experts = ExpertLabels::read(args.expertLabels);
            for (const DatasetIssue& i : experts.issues)
                problems << i.toString();
            QHash<QString, uint16_t> nih;
            for (int i = 0; i < set.size(); ++i)
                nih.insert(set.images[i], set.labels[size_t(i)]);
            expert =
                ExpertEvaluation::evaluate(predictions, experts, nih, thresholds, report.options);
            hasExpert = true;
        }
    } catch (const std::exception& e) {
        err << "chexview-cli evaluate: error: " << e.what() << '\n';
        return false;
    }
    return true;
}

void AuditResults::addJson(QJsonObject& o) const
{
    if (hasSubgroups) {
        o.insert(QStringLiteral("subgroups"), SubgroupFormatter::json(subgroups));
        o.insert(QStringLiteral("subgroup_gaps"), SubgroupFormatter::gapsJson(subgroups));
    }
    if (hasExpert)
        o.insert(QStringLiteral("expert"), ExpertFormatter::json(expert));
}

QString AuditResults::tables(const EvaluationReport& report) const
{
    QString s;
    if (calibration)
        s += CalibrationFormatter::table(report);
    if (hasSubgroups)
        s += SubgroupFormatter::table(subgroups);
    if (hasExpert)
        s += ExpertFormatter::table(expert);
    return s;
}

bool AuditResults::write(const QString& dir, const EvaluationReport& report, QTextStream& err) const
{
    const QDir d(dir);
    return writeText(d.filePath(QStringLiteral("calibration.csv")),
                     CalibrationFormatter::reliabilityCsv(report), err) &&
           (!hasSubgroups || writeText(d.filePath(QStringLiteral("subgroups.csv")),
                                       SubgroupFormatter::csv(subgroups), err)) &&
           (!hasExpert ||
            writeText(d.filePath(QStringLiteral("expert.csv")), ExpertFormatter::csv(expert), err));
}

} // namespace chexview
