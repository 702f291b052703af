#include "PythonTool.h"
#include "chexview/cli/Commands.h"

#include <QRegularExpression>

namespace chexview {

int runTrainCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QStringList rest = args;
    QString nproc = QStringLiteral("1");
    if (rest.size() == 1 &&
        (rest[0] == QLatin1String("-h") || rest[0] == QLatin1String("--help"))) {
        out << "usage: chexview-cli train [--nproc N] --images DIR [--labels LISTS|DATA_ENTRY] "
               "--out RUN_DIR\n"
               "                          [--package DIR] [--epochs N] [--device cpu|cuda|hpu] "
               "...\n"
               "Trains CheXNet with torchrun, one process per device (N, default 1); every other\n"
               "option is train.py's: chexview-cli train --nproc 1 --help lists them.\n";
        out.flush();
        return 0;
    }
    if (!rest.isEmpty() && rest.first() == QLatin1String("--nproc")) {
        if (rest.size() < 2 ||
            !QRegularExpression(QStringLiteral("^[1-9][0-9]*$")).match(rest[1]).hasMatch()) {
            err << "chexview-cli train: --nproc needs a number >= 1\n";
            err.flush();
            return 2;
        }
        nproc = rest[1];
        rest = rest.mid(2);
    }
    // Debian bookworm's torchrun (torch 1.13, Python 3.11) crashes before starting any worker
    // with its default "--redirects 0 --tee 0" (Python 3.11's Flag enums no longer iterate the
    // zero member); "--redirects 1 --tee 1" parses, so the workers start.
    const QString torchrun = qEnvironmentVariableIsSet("CHEXVIEW_TORCHRUN")
                                 ? qEnvironmentVariable("CHEXVIEW_TORCHRUN")
                                 : QStringLiteral("/usr/bin/torchrun");
    const QStringList launcher{QStringLiteral("--standalone"),
                               QStringLiteral("--nnodes"),
                               QStringLiteral("1"),
                               QStringLiteral("--nproc_per_node"),
                               nproc,
                               QStringLiteral("--redirects"),
                               QStringLiteral("1"),
                               QStringLiteral("--tee"),
                               QStringLiteral("1")};
    out.flush();
    return runPythonTool(torchrun, launcher, QStringLiteral("train.py"), rest, err);
}

} // namespace chexview
