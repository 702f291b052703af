#include "PacsArgs.h"
#include "EngineOptionsArgs.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QSettings>

namespace chexview {

/// Parses the node and command options; throws PacsError(BadArgument).
PacsArgs parsePacsArgs(const QStringList& args)
{
    PacsArgs a;
    a.model = ResourceLocator::defaultModel();
    QString server, dicomweb, dimse, aet, auth, user, secretEnv;
    for (int i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        auto value = [&]() -> QString {
            if (i + 1 >= args.size())
                throw PacsError(PacsError::Code::BadArgument,
                                QStringLiteral("%1 needs a value").arg(arg));
            return args[++i];
        };
        QString usage;
        if (parseEngineOptions(args, i, a.model, a.engine, usage)) {
            if (!usage.isEmpty())
                throw PacsError(PacsError::Code::BadArgument, usage);
            continue;
        }
        if (arg == QLatin1String("--server"))
            server = value();
        else if (arg == QLatin1String("--finding"))
            a.finding = value();
        else if (arg == QLatin1String("--anonymize"))
            a.anonymize = true;
        else if (arg == QLatin1String("--force"))
            a.forceGate = true;
        else if (arg == QLatin1String("--gate-verdict"))
            a.gateVerdict = value();
        else if (arg == QLatin1String("--dicomweb"))
            dicomweb = value();
        else if (arg == QLatin1String("--dimse"))
            dimse = value();
        else if (arg == QLatin1String("--aet"))
            aet = value();
        else if (arg == QLatin1String("--auth"))
            auth = value();
        else if (arg == QLatin1String("--user"))
            user = value();
        else if (arg == QLatin1String("--bearer-token-env")) {
            secretEnv = value();
            auth = QStringLiteral("bearer");
        } else if (arg == QLatin1String("--password-env"))
            secretEnv = value();
        else if (arg == QLatin1String("--method"))
            a.method = value();
        else if (arg == QLatin1String("--move-aet"))
            a.moveAet = value();
        else if (arg == QLatin1String("--move-port")) {
            bool ok = false;
            a.movePort = value().toInt(&ok);
            if (!ok || a.movePort < 1 || a.movePort > 65535)
                throw PacsError(PacsError::Code::BadArgument,
                                QStringLiteral("--move-port takes 1..65535"));
        } else if (arg == QLatin1String("--move"))
            a.method = QStringLiteral("move");
        else if (arg == QLatin1String("--via"))
            a.via = value();
        else if (arg == QLatin1String("--timeout")) {
            bool ok = false;
            a.timeout = value().toInt(&ok);
            if (!ok || a.timeout < 1 || a.timeout > 3600)
                throw PacsError(PacsError::Code::BadArgument,
                                QStringLiteral("--timeout takes 1..3600 seconds"));
        } else if (arg == QLatin1String("--patient"))
            a.query.patientName = value();
        else if (arg == QLatin1String("--patient-id"))
            a.query.patientId = value();
        else if (arg == QLatin1String("--accession"))
            a.query.accessionNumber = value();
        else if (arg == QLatin1String("--date"))
            a.query.setDateRange(value());
        else if (arg == QLatin1String("--modality")) {
            a.query.modalities = value().split(QLatin1Char(','), Qt::SkipEmptyParts);
        } else if (arg == QLatin1String("--dest"))
            a.dest = value();
        else if (arg.startsWith(QLatin1String("--")))
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("unexpected option '%1'").arg(arg));
        else
            a.positional << arg;
    }
    if (!server.isEmpty()) {
        QSettings settings;
        a.node = PacsNode::load(settings, server);
    } else {
        a.node.name = QStringLiteral("command line");
    }
    if (!dicomweb.isEmpty())
        a.node.setDicomWeb(dicomweb);
    if (!dimse.isEmpty())
        a.node.setDimse(dimse);
    if (!aet.isEmpty()) {
        if (!PacsNode::isValidAeTitle(aet))
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("invalid AE title '%1'").arg(aet));
        a.node.callingAet = aet;
    }
    if (!user.isEmpty()) {
        a.node.user = user;
        a.node.auth = PacsNode::Auth::Basic;
    }
    if (auth == QLatin1String("basic"))
        a.node.auth = PacsNode::Auth::Basic;
    else if (auth == QLatin1String("bearer"))
        a.node.auth = PacsNode::Auth::Bearer;
    else if (!auth.isEmpty() && auth != QLatin1String("none"))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("--auth takes basic, bearer or none"));
    if (a.node.auth != PacsNode::Auth::None) {
        // Never on the command line: a named environment variable, $CHEXVIEW_PACS_SECRET, or
        // (for a node from the settings) the system keyring.
        if (!secretEnv.isEmpty()) {
            a.node.secret = qEnvironmentVariable(secretEnv.toLocal8Bit().constData());
            if (a.node.secret.isEmpty())
                throw PacsError(
                    PacsError::Code::BadArgument,
                    QStringLiteral("environment variable %1 is empty or not set").arg(secretEnv));
        } else {
            a.node.secret = qEnvironmentVariable("CHEXVIEW_PACS_SECRET");
        }
        QString keyring;
        if (a.node.secret.isEmpty() && !server.isEmpty()) {
            CredentialStore store;
            a.node.secret = store.lookup(a.node.name, a.node.user).value_or(QString());
            keyring = store.keyringProblem().isEmpty()
                          ? QStringLiteral("; the keyring has none for '%1'").arg(a.node.name)
                          : QStringLiteral("; %1").arg(store.keyringProblem());
        }
        if (a.node.secret.isEmpty())
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("no password or token: name its environment variable "
                                           "with --password-env or --bearer-token-env, or set "
                                           "CHEXVIEW_PACS_SECRET%1")
                                .arg(keyring));
    }
    if (a.method != QLatin1String("get") && a.method != QLatin1String("move"))
        throw PacsError(PacsError::Code::BadArgument, QStringLiteral("--method takes get or move"));
    if (a.method == QLatin1String("move")) {
        a.via = QStringLiteral("dimse");
        if (a.moveAet.isEmpty())
            a.moveAet = a.node.callingAet;
        if (a.movePort == 0)
            a.movePort = a.node.storePort;
        if (!PacsNode::isValidAeTitle(a.moveAet))
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("invalid --move-aet '%1'").arg(a.moveAet));
    }
    if (!a.node.hasDicomWeb() && !a.node.hasDimse())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("no PACS given: use --server, --dicomweb or --dimse"));
    if (a.via.isEmpty())
        a.via = a.node.hasDicomWeb() ? QStringLiteral("dicomweb") : QStringLiteral("dimse");
    if (a.via != QLatin1String("dicomweb") && a.via != QLatin1String("dimse"))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("--via takes dicomweb or dimse"));
    return a;
}

PacsSession::Options sessionOptions(const PacsArgs& a)
{
    PacsSession::Options o;
    o.protocol = a.via == QLatin1String("dicomweb") ? PacsSession::Protocol::DicomWeb
                                                    : PacsSession::Protocol::Dimse;
    o.timeoutSeconds = a.timeout;
    o.retrieval = a.method == QLatin1String("move") ? PacsSession::Retrieval::Move
                                                    : PacsSession::Retrieval::Get;
    o.moveAet = a.moveAet;
    o.movePort = a.movePort;
    return o;
}

} // namespace chexview
