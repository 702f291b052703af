#include "PacsArgs.h"
#include "ResultsOutput.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/ResultSopClasses.h"

#include <QTemporaryDir>

namespace chexview {

int runPacsResults(const PacsArgs& a, QTextStream& out, QTextStream& err)
{
    const QString study = a.positional.first();
    QTemporaryDir temp;
    const QString dir = a.dest.isEmpty() ? temp.path() : a.dest;
    QStringList files;
    try {
        const PacsSession session(a.node, sessionOptions(a));
        const QList<InstanceRecord> found = session.findInstances(study, ResultSopClasses::all());
        InstanceCache cache(dir);
        session.retrieveInstances(found, cache);
        for (const InstanceRecord& i : found)
            files << cache.pathFor(i.sopInstanceUid);
    } catch (const PacsError& e) {
        err << "chexview-cli pacs results: error: " << PacsError::codeName(e.code()) << ": "
            << e.message() << '\n';
        return 1;
    }
    const QString where =
        a.via == QLatin1String("dicomweb")
            ? a.node.dicomWebUrl.toDisplayString(QUrl::RemoveUserInfo)
            : QStringLiteral("%1@%2:%3").arg(a.node.calledAet, a.node.host).arg(a.node.port);
    err << "pacs results: " << files.size() << " AI result(s) of study " << study << " on " << where
        << (a.dest.isEmpty() ? QString() : QStringLiteral(", in ") + dir) << '\n';
    err.flush();
    return printResults(files, out, err);
}

} // namespace chexview
