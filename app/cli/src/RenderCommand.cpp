#include "chexview/cli/Commands.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/image/VoiPresets.h"

namespace chexview {

int runRenderCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString input, output, preset;
    bool windowGiven = false;
    DisplayPipeline::Settings settings;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if ((a == QLatin1String("-o") || a == QLatin1String("--output")) && i + 1 < args.size()) {
            output = args[++i];
        } else if (a == QLatin1String("--window") && i + 1 < args.size()) {
            const QStringList cw = args[++i].split(QLatin1Char(','));
            bool okC = false, okW = false;
            const double c = cw.value(0).toDouble(&okC);
            const double w = cw.value(1).toDouble(&okW);
            if (cw.size() != 2 || !okC || !okW || w <= 0) {
                err << "chexview-cli render: --window wants CENTER,WIDTH with WIDTH > 0\n";
                return 2;
            }
            settings.window = VoiWindow(c, w, VoiWindow::Function::Linear, QStringLiteral("CLI"));
            windowGiven = true;
        } else if (a == QLatin1String("--preset") && i + 1 < args.size()) {
            preset = args[++i];
            if (!VoiPresets::names().contains(preset.toLower())) {
                err << "chexview-cli render: --preset wants one of "
                    << VoiPresets::names().join(QLatin1Char('|')) << '\n';
                return 2;
            }
        } else if (a == QLatin1String("--invert")) {
            settings.userInvert = true;
        } else if (input.isEmpty() && !a.startsWith(QLatin1Char('-'))) {
            input = a;
        } else {
            err << "chexview-cli render: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (input.isEmpty() || output.isEmpty()) {
        err << "usage: chexview-cli render FILE -o OUT.png [--window C,W | --preset "
               "lung|mediastinum|bone] [--invert]\n";
        return 2;
    }
    if (windowGiven && !preset.isEmpty()) {
        err << "chexview-cli render: --window and --preset exclude each other\n";
        return 2;
    }
    try {
        const XrayImagePtr image = ImageLoader::load(input);
        if (!preset.isEmpty()) {
            const std::optional<VoiWindow> w = VoiPresets::named(*image, preset);
            if (!w) {
                err << input << ": error: no " << preset << " preset for this image\n";
                return 1;
            }
            settings.window = *w;
            // The window used goes to stderr, so scripts can compare presets without the PNG.
            err << "preset " << w->name() << ": center " << QString::number(w->center(), 'f', 1)
                << " width " << QString::number(w->width(), 'f', 1) << '\n';
        }
        const QImage shown = DisplayPipeline::render(*image, settings);
        if (!shown.save(output, "PNG")) {
            err << output << ": error: cannot write PNG\n";
            return 1;
        }
        out << output << '\n';
    } catch (const ImageError& e) {
        err << input << ": error: " << ImageError::codeName(e.code()) << ": " << e.message()
            << '\n';
        return 1;
    }
    return 0;
}

} // namespace chexview
