#include "InputPaths.h"
#include "chexview/cli/Commands.h"
#include "chexview/gate/InputGate.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace chexview {

int runGateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QStringList files;
    for (const QString& a : args) {
        if (a.startsWith(QLatin1Char('-'))) {
            err << "chexview-cli gate: unexpected argument '" << a << "'\n";
            return 2;
        }
        files << expandInputPath(a);
    }
    if (files.isEmpty()) {
        err << "usage: chexview-cli gate FILE|FOLDER...\n";
        return 2;
    }
    int failures = 0;
    for (const QString& file : files) {
        try {
            const XrayImagePtr image = ImageLoader::load(file);
            QJsonObject o;
            o.insert(QStringLiteral("file"), file);
            o.insert(QStringLiteral("gate"), InputGate::check(*image).toJson());
            out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        } catch (const ImageError& e) {
            ++failures;
            err << file << ": error: " << ImageError::codeName(e.code()) << ": " << e.message()
                << '\n';
        }
        out.flush();
        err.flush();
    }
    return failures == 0 ? 0 : 1;
}

} // namespace chexview
