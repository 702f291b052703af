// GUI benchmark: open -> scores on screen (warm INT8 model) for one file, and the longest
// gap between ticks of a 2 ms GUI timer while analyses run (event-loop stall). Also the first
// image of a session: opened once the start-up load and warm-up are done (what a user who picks
// a file in a dialog sees), and opened at the very start (a file given on the command line:
// the model load is in the figure).
//   QT_QPA_PLATFORM=offscreen build/bin/chexview-bench-gui FILE [--iters N]
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/window/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace chexview;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("chexview-bench"));
    QSettings().clear();
    const QStringList args = QApplication::arguments();
    const QString file = args.value(1);
    const int iters = args.indexOf(QStringLiteral("--iters")) > 0
                          ? args.value(args.indexOf(QStringLiteral("--iters")) + 1).toInt()
                          : 15;
    QEventLoop loop;
    double firstAfterReady = 0.0, firstAtStart = 0.0;
    {
        MainWindow first;
        first.resize(1300, 900);
        QObject::connect(first.analysis(), &AnalysisController::modelLoaded, &loop,
                         &QEventLoop::quit);
        first.show();
        loop.exec(); // start-up load + warm-up
        QObject::disconnect(first.analysis(), nullptr, &loop, nullptr);
        QObject::connect(&first, &MainWindow::analysisShown, &loop, &QEventLoop::quit);
        QElapsedTimer t;
        t.start();
        first.openPath(file);
        loop.exec();
        firstAfterReady = t.nsecsElapsed() / 1e6;
    }
    {
        QElapsedTimer t;
        t.start();
        MainWindow atStart;
        atStart.resize(1300, 900);
        QObject::connect(&atStart, &MainWindow::analysisShown, &loop, &QEventLoop::quit);
        atStart.show();
        atStart.openPath(file);
        loop.exec();
        firstAtStart = t.nsecsElapsed() / 1e6;
    }
    MainWindow w;
    w.resize(1300, 900);
    w.show();
    QObject::connect(&w, &MainWindow::analysisShown, &loop, &QEventLoop::quit);
    w.openPath(file); // loads the model and warms it up
    loop.exec();

    QElapsedTimer tick;
    qint64 maxGap = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] { maxGap = std::max(maxGap, tick.restart()); });
    std::vector<double> openToScores;
    for (int i = 0; i < iters; ++i) {
        QElapsedTimer t;
        t.start();
        tick.start();
        timer.start(2);
        w.openPath(file);
        loop.exec();
        timer.stop();
        openToScores.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(openToScores.begin(), openToScores.end());
    QJsonObject o;
    o.insert(QStringLiteral("file"), file);
    o.insert(QStringLiteral("precision"), w.analysisResult().precision);
    o.insert(QStringLiteral("iters"), iters);
    o.insert(QStringLiteral("open_to_scores_ms_median"), openToScores[openToScores.size() / 2]);
    o.insert(QStringLiteral("open_to_scores_ms_max"), openToScores.back());
    o.insert(QStringLiteral("max_event_loop_gap_ms"), double(maxGap));
    o.insert(QStringLiteral("first_image_after_startup_open_to_scores_ms"), firstAfterReady);
    o.insert(QStringLiteral("first_image_at_startup_open_to_scores_ms"), firstAtStart);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return 0;
}
