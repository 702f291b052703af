#include "ResultsOutput.h"
#include "chexview/cli/Commands.h"
#include "chexview/results/ResultError.h"
#include "chexview/results/ResultReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace chexview {

namespace {

QJsonObject toJson(const StoredResult& r)
{
    QJsonObject o;
    o.insert(QStringLiteral("file"), r.path);
    o.insert(QStringLiteral("kind"), r.kindName());
    o.insert(QStringLiteral("sop_instance_uid"), r.sopInstanceUid);
    o.insert(QStringLiteral("study_instance_uid"), r.studyInstanceUid);
    o.insert(QStringLiteral("algorithm"),
             QJsonObject{{QStringLiteral("name"), r.algorithmName},
                         {QStringLiteral("version"), r.algorithmVersion}});
    o.insert(QStringLiteral("source_sop_instance_uid"), r.sourceSopInstanceUid);
    QJsonObject findings, thresholds, positive;
    for (int k = 0; k < r.labels.size(); ++k) {
        if (std::isfinite(r.probabilities[size_t(k)]))
            findings.insert(r.labels[k], r.probabilities[size_t(k)]);
        if (std::isfinite(r.thresholds[size_t(k)]))
            thresholds.insert(r.labels[k], r.thresholds[size_t(k)]);
        if (r.positive[size_t(k)] >= 0)
            positive.insert(r.labels[k], r.positive[size_t(k)] == 1);
    }
    o.insert(QStringLiteral("findings"), findings);
    o.insert(QStringLiteral("thresholds"), thresholds);
    if (!positive.isEmpty())
        o.insert(QStringLiteral("positive"), positive);
    if (!r.gateVerdict.isEmpty())
        o.insert(QStringLiteral("gate_verdict"), r.gateVerdict);
    if (!r.measurements.isEmpty()) {
        QJsonArray groups;
        for (const StoredResult::MeasurementGroup& g : r.measurements) {
            QJsonArray values;
            for (const StoredResult::Value& v : g.values) {
                QJsonArray scoords;
                for (const StoredResult::Scoord& sc : v.scoords) {
                    QJsonArray points;
                    for (const QPointF& p : sc.points)
                        points.append(QJsonArray{p.x(), p.y()});
                    scoords.append(QJsonObject{{QStringLiteral("graphic_type"), sc.graphicType},
                                               {QStringLiteral("points"), points},
                                               {QStringLiteral("image"), sc.imageSopInstanceUid}});
                }
                QJsonObject value{{QStringLiteral("name"), v.name},
                                  {QStringLiteral("value"), v.value},
                                  {QStringLiteral("ucum"), v.unit.value},
                                  {QStringLiteral("scoords"), scoords}};
                if (v.method.isValid())
                    value.insert(QStringLiteral("method"), v.method.meaning);
                values.append(value);
            }
            groups.append(
                QJsonObject{{QStringLiteral("tracking_id"), g.trackingId},
                            {QStringLiteral("values"), values},
                            {QStringLiteral("notes"), QJsonArray::fromStringList(g.notes)}});
        }
        o.insert(QStringLiteral("measurements"), groups);
        if (!r.calibrationText.isEmpty())
            o.insert(QStringLiteral("calibration"), r.calibrationText);
    }
    if (r.kind == StoredResult::Kind::ParametricMap) {
        o.insert(QStringLiteral("frames"), int(r.labels.size()));
        o.insert(QStringLiteral("rows"), r.rows);
        o.insert(QStringLiteral("columns"), r.columns);
    }
    return o;
}

} // namespace

int runResultsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h")) {
        (args.isEmpty() ? err : out)
            << "usage: chexview-cli results FILE...\n"
               "  one JSON object per AI result (TID 1500 SR or Parametric Map): kind, "
               "algorithm,\n  source_sop_instance_uid, findings, thresholds; measurements (values, "
               "units,\n"
               "  SCOORDs) of a measurement report\n";
        return args.isEmpty() ? 2 : 0;
    }
    return printResults(args, out, err);
}

int printResults(const QStringList& files, QTextStream& out, QTextStream& err)
{
    int failed = 0;
    for (const QString& file : files) {
        try {
            out << QJsonDocument(toJson(ResultReader::read(file))).toJson(QJsonDocument::Compact)
                << '\n';
        } catch (const ResultError& e) {
            err << file << ": error: " << ResultError::codeName(e.code()) << ": " << e.message()
                << '\n';
            ++failed;
        }
        out.flush();
        err.flush();
    }
    return failed ? 1 : 0;
}

} // namespace chexview
