#include "StudyInputs.h"
#include "chexview/cli/Commands.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace chexview {

namespace {

const char kUsage[] = "usage: chexview-cli studies PATH... [--format json|table] [--labels CSV]\n"
                      "                            [--index FILE | --no-index]\n";

QJsonValue orNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonObject patientJson(const PatientStudies& p)
{
    QJsonArray studies;
    for (const Study& s : p.studies) {
        QJsonArray series;
        for (const StudySeries& se : s.series)
            series.append(QJsonObject{{QStringLiteral("series_uid"), se.seriesUid},
                                      {QStringLiteral("modality"), orNull(se.modality)},
                                      {QStringLiteral("view_position"), orNull(se.viewPosition)},
                                      {QStringLiteral("laterality"), orNull(se.laterality)},
                                      {QStringLiteral("instances"), int(se.instances.size())}});
        QJsonObject o{{QStringLiteral("study_uid"), s.studyUid},
                      {QStringLiteral("date"), orNull(s.date)},
                      {QStringLiteral("time"), orNull(s.time)},
                      {QStringLiteral("description"), orNull(s.description)},
                      {QStringLiteral("prior_study_uid"), orNull(s.priorStudyUid)},
                      {QStringLiteral("series"), series}};
        if (s.followUp >= 0)
            o.insert(QStringLiteral("follow_up"), s.followUp);
        if (!s.patientAge.isEmpty())
            o.insert(QStringLiteral("patient_age"), s.patientAge);
        studies.append(o);
    }
    return {{QStringLiteral("patient_id"), p.patientId}, {QStringLiteral("studies"), studies}};
}

void printTable(const QList<PatientStudies>& patients, QTextStream& out)
{
    out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
               .arg(QStringLiteral("patient"), -12)
               .arg(QStringLiteral("date"), -8)
               .arg(QStringLiteral("study"), -40)
               .arg(QStringLiteral("images"), 6)
               .arg(QStringLiteral("views"), -10)
               .arg(QStringLiteral("prior"));
    for (const PatientStudies& p : patients)
        for (const Study& s : p.studies) {
            QStringList views;
            for (const StudySeries& se : s.series)
                views << (se.viewPosition.isEmpty() ? QStringLiteral("?") : se.viewPosition);
            out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(p.patientId, -12)
                       .arg(s.date.isEmpty() ? QStringLiteral("-") : s.date, -8)
                       .arg(s.studyUid, -40)
                       .arg(s.imageCount(), 6)
                       .arg(views.join(QLatin1Char('+')), -10)
                       .arg(s.priorStudyUid.isEmpty() ? QStringLiteral("-") : s.priorStudyUid);
        }
}

} // namespace

int runStudiesCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    StudyInputs inputs;
    QString format = QStringLiteral("json");
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (inputs.parseOption(args, i))
            continue;
        if (a == QLatin1String("--format") && i + 1 < args.size())
            format = args[++i];
        else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out << kUsage << studyInputsUsage();
            return 0;
        } else if (a.startsWith(QLatin1String("--"))) {
            err << "chexview-cli studies: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        } else
            inputs.paths << a;
    }
    if (inputs.paths.isEmpty() ||
        (format != QLatin1String("json") && format != QLatin1String("table"))) {
        err << kUsage;
        return 2;
    }
    QList<PatientStudies> patients;
    if (!inputs.load(QStringLiteral("studies"), patients, err))
        return 1;
    if (format == QLatin1String("table"))
        printTable(patients, out);
    else
        for (const PatientStudies& p : patients)
            out << QJsonDocument(patientJson(p)).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    return 0;
}

} // namespace chexview
