// Open-to-first-paint benchmark: decode, display pipeline (modality+VOI+presentation to 8-bit)
// and the first paint of ImageView, per file. Prints one JSON line per file with median and
// p90 milliseconds. Run pinned to one core for the number:
//   taskset -c 0 build/bin/chexview-bench-open FILE... [--iters N]
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cstdio>

using namespace chexview;

namespace {

QJsonObject stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    QJsonObject o;
    o.insert(QStringLiteral("median"), v[v.size() / 2]);
    o.insert(QStringLiteral("p90"), v[std::min(v.size() - 1, size_t(double(v.size()) * 0.9))]);
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QStringList files;
    int iters = 30;
    const QStringList args = QApplication::arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--iters") && i + 1 < args.size())
            iters = args[++i].toInt();
        else
            files << args[i];
    }
    ImageView view;
    view.resize(1000, 1000);
    QImage target(view.size(), QImage::Format_RGB32);
    for (const QString& file : files) {
        std::vector<double> decode, display, paint, total;
        for (int i = 0; i < iters + 2; ++i) {
            QElapsedTimer t;
            t.start();
            const XrayImagePtr img = ImageLoader::load(file);
            const double t1 = t.nsecsElapsed() / 1e6;
            const QImage shown = DisplayPipeline::render(*img, {});
            const double t2 = t.nsecsElapsed() / 1e6;
            view.setImage(img); // renders again inside, as the viewer does, then paints
            QPainter p(&target);
            view.render(&p);
            p.end();
            const double t3 = t.nsecsElapsed() / 1e6;
            if (i < 2)
                continue; // warm-up
            decode.push_back(t1);
            display.push_back(t2 - t1);
            paint.push_back(t3 - t2);
            total.push_back(t1 + (t3 - t2)); // decode + viewer's render + paint
            Q_UNUSED(shown);
        }
        QJsonObject o;
        o.insert(QStringLiteral("file"), file);
        o.insert(QStringLiteral("iters"), iters);
        o.insert(QStringLiteral("decode_ms"), stats(decode));
        o.insert(QStringLiteral("display_lut_ms"), stats(display));
        o.insert(QStringLiteral("set_image_and_paint_ms"), stats(paint));
        o.insert(QStringLiteral("open_to_first_paint_ms"), stats(total));
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
