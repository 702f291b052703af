#include "chexview/model/OpenMpWaitPolicy.h"
#include "chexview/ui/window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    chexview::OpenMpWaitPolicy::ensurePassive(argv); // idle OpenMP threads sleep, not spin
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
    const QCommandLineOption labels(
        QStringLiteral("labels"),
        QStringLiteral("evaluation: labels (CSV, Data_Entry or *_list.txt); with --predictions, "
                       "starts on the Evaluation tab and runs it"),
        QStringLiteral("FILE"));
    const QCommandLineOption predictions(QStringLiteral("predictions"),
                                         QStringLiteral("evaluation: the model's scores (CSV)"),
                                         QStringLiteral("CSV"));
    const QCommandLineOption images(QStringLiteral("images"),
                                    QStringLiteral("evaluation: the folder holding the images"),
                                    QStringLiteral("DIR"));
    const QCommandLineOption studies(QStringLiteral("studies"),
                                     QStringLiteral("read a folder tree into the Patients list"),
                                     QStringLiteral("DIR"));
    parser.addOption(studies);
    parser.addOption(labels);
    parser.addOption(predictions);
    parser.addOption(images);
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("image file or folder"));
    parser.process(app);

    chexview::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openPath(parser.positionalArguments().first());
    if (parser.isSet(studies))
        window.openStudyTree(parser.value(studies));
    if (parser.isSet(dataset))
        window.showDatasetTab();
    if (parser.isSet(labels) && parser.isSet(predictions))
        window.showEvaluationTab(parser.value(labels), parser.value(predictions),
                                 parser.value(images));
    return app.exec();
}
