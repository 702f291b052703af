#include "chexview/ui/window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("chexview"));
    QApplication::setApplicationName(QStringLiteral("chexview"));
    QApplication::setApplicationVersion(QStringLiteral(CHEXVIEW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chest X-ray viewer (not for clinical use)"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataset(QStringLiteral("dataset"),
                                     QStringLiteral("start on the dataset statistics tab"));
    parser.addOption(dataset);
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("image file or folder"));
    parser.process(app);

    chexview::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openPath(parser.positionalArguments().first());
    if (parser.isSet(dataset))
        window.showDatasetTab();
    return app.exec();
}
