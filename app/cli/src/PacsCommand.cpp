#include "PacsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/pacs/PacsNode.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace chexview {

namespace {

const char* const kUsage =
    "usage: chexview-cli pacs echo|find|get|store|send-results|results [node] [options]\n"
    "  node: --server NAME (from the settings) | --dicomweb URL | --dimse AET@HOST:PORT\n"
    "        [--aet CALLING_AET] [--auth basic|bearer] [--user NAME] [--via dicomweb|dimse]\n"
    "        [--timeout SECONDS] [--password-env VAR | --bearer-token-env VAR]\n"
    "        secrets never go on the command line: the password or token is read from the\n"
    "        environment variable VAR, else $CHEXVIEW_PACS_SECRET, else (--server) the keyring\n"
    "  pacs echo\n"
    "  pacs find [--patient NAME] [--patient-id ID] [--accession X] [--date FROM-TO]\n"
    "            [--modality CR,DX]\n"
    "  pacs get STUDY_UID --dest DIR [--method get|move] [--move-aet AET] [--move-port PORT]\n"
    "            get: WADO-RS or C-GET; move: C-MOVE to chexview's own storage SCP, listening\n"
    "            as AET (default: the calling AE title) on PORT (the PACS must list it)\n"
    "  pacs store FILE...   STOW-RS or C-STORE of DICOM files (a measurement SR from\n"
    "            `measure --sr`, results kept with --dest)\n"
    "  pacs send-results FILE [--model DIR] [--precision P] [--finding NAME] [--anonymize]\n"
    "                    [--force (analyze what the input gate refuses)]\n"
    "            [--gate-verdict TEXT] [--dest DIR]\n"
    "            analyze a DICOM file, store a TID 1500 SR, a heatmap Parametric Map and a\n"
    "            heatmap Secondary Capture in its study\n";

QString instanceLine(const CachedInstance& i)
{
    QJsonObject o;
    o.insert(QStringLiteral("SOPInstanceUID"), i.sopInstanceUid);
    o.insert(QStringLiteral("StudyInstanceUID"), i.studyInstanceUid);
    o.insert(QStringLiteral("SOPClassUID"), i.sopClassUid);
    o.insert(QStringLiteral("path"), i.path);
    o.insert(QStringLiteral("bytes"), double(i.bytes));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

int runPacsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty() || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("--help")) {
        (args.isEmpty() ? err : out) << kUsage;
        return args.isEmpty() ? 2 : 0;
    }
    const QString sub = args.first();
    PacsArgs a;
    try {
        a = parsePacsArgs(args.mid(1));
    } catch (const PacsError& e) {
        err << "chexview-cli pacs " << sub << ": " << e.message() << '\n' << kUsage;
        return 2;
    }
    const PacsSession session(a.node, sessionOptions(a));
    try {
        if (sub == QLatin1String("echo") && a.positional.isEmpty()) {
            out << session.echo() << '\n';
            return 0;
        }
        if (sub == QLatin1String("find") && a.positional.isEmpty()) {
            for (const StudyRecord& s : session.findStudies(a.query))
                out << QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact) << '\n';
            return 0;
        }
        if (sub == QLatin1String("get") && a.positional.size() == 1 && !a.dest.isEmpty()) {
            InstanceCache cache(a.dest);
            auto print = [&](const CachedInstance& i) {
                out << instanceLine(i) << '\n';
                out.flush();
            };
            const int n = session.retrieveStudy(a.positional.first(), cache, print);
            err << "pacs get: " << n << " instance(s) in " << cache.dir() << '\n';
            return 0;
        }
        if (sub == QLatin1String("store") && !a.positional.isEmpty()) {
            PacsSession::Options o = sessionOptions(a);
            o.retrieval = PacsSession::Retrieval::Get; // storing: the node's protocol
            PacsSession(a.node, o).store(a.positional);
            for (const QString& f : a.positional)
                out << QJsonDocument(QJsonObject{{QStringLiteral("stored"), f}})
                           .toJson(QJsonDocument::Compact)
                    << '\n';
            return 0;
        }
    } catch (const PacsError& e) {
        out.flush();
        err << "chexview-cli pacs " << sub << ": error: " << PacsError::codeName(e.code()) << ": "
            << e.message() << '\n';
        return 1;
    }
    if (sub == QLatin1String("send-results") && a.positional.size() == 1)
        return runPacsSendResults(a, out, err);
    if (sub == QLatin1String("results") && a.positional.size() == 1)
        return runPacsResults(a, out, err);
    err << "chexview-cli pacs: bad command line\n" << kUsage;
    return 2;
}

} // namespace chexview
