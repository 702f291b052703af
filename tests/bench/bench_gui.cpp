// GUI benchmark: open -> scores on screen (warm INT8 model) for one file, and the longest
// gap between ticks of a 2 ms GUI timer while analyses run (event-loop stall).
//   QT_QPA_PLATFORM=offscreen build/bin/chexview-bench-gui FILE [--iters N]
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
    MainWindow w;
    w.resize(1300, 900);
    w.show();
    QEventLoop loop;
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
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return 0;
}
