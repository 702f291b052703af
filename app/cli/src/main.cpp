#include "chexview/cli/CliApp.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chexview-cli"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    chexview::CliApp cli(out, err);
    return cli.run(QCoreApplication::arguments().mid(1));
}
