#include "chexview/cli/CliApp.h"
#include "chexview/model/OpenMpWaitPolicy.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char** argv)
{
    // LibTorch's OpenMP threads must sleep, not spin, when idle (see OpenMpWaitPolicy).
    chexview::OpenMpWaitPolicy::ensurePassive(argv);
    // `report` draws text into a PDF and needs Qt GUI's fonts: a QGuiApplication, offscreen
    // unless a platform was asked for (it never opens a window). The rest stay GUI-less.
    const bool gui = argc > 1 && std::strcmp(argv[1], "report") == 0;
    if (gui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> holder(gui ? new QGuiApplication(argc, argv)
                                                 : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("chexview-cli"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    chexview::CliApp cli(out, err);
    return cli.run(QCoreApplication::arguments().mid(1));
}
