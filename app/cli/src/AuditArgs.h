#pragma once

#include "chexview/eval/ExpertEvaluation.h"
#include "chexview/eval/SubgroupAudit.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace chexview {

/// `evaluate`'s research audits beside the main metrics: calibration tables, subgroups and the
/// radiologists' labels. Parsing, computing and printing here keep EvaluateCommand's call sites
/// to a few lines.
struct AuditArgs
{
    bool calibration = false; ///< --calibration: the ECE / Brier table (JSON always has them)
    QStringList subgroups;    ///< --subgroups sex,age,view,COLUMN
    QString demographics;     ///< --demographics CSV (default: the labels file when a CSV)
    QString expertLabels;     ///< --expert-labels FILE

    /// Consumes one of the options above at args[i] (advancing i past its value).
    bool parse(const QStringList& args, int& i);
    static QString usage();
};

/// What the audits computed.
struct AuditResults
{
    bool calibration = false;
    bool hasSubgroups = false;
    SubgroupReport subgroups;
    bool hasExpert = false;
    ExpertReport expert;
    QStringList problems; ///< rows of the demographics / expert files left out

    /// Runs the audits asked for. False (with the reason on `err`) when a file cannot be read.
    bool compute(const AuditArgs& args, const QString& labelsPath, const EvaluationSet& set,
                 const PredictionTable& predictions, const EvaluationReport& report,
                 QTextStream& err);
    void addJson(QJsonObject& o) const;
    QString tables(const EvaluationReport& report) const;
    /// calibration.csv, subgroups.csv, expert.csv into dir (those computed).
    bool write(const QString& dir, const EvaluationReport& report, QTextStream& err) const;
};

} // namespace chexview
