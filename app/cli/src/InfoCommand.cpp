#include "chexview/cli/Commands.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageInfoJson.h"
#include "chexview/image/ImageLoader.h"

#include <QJsonDocument>

namespace chexview {

int runInfoCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty()) {
        err << "usage: chexview-cli info FILE...\n";
        return 2;
    }
    int failures = 0;
    for (const QString& file : args) {
        try {
            const XrayImagePtr image = ImageLoader::load(file);
            out << QJsonDocument(ImageInfoJson::describe(file, *image))
                       .toJson(QJsonDocument::Compact)
                << '\n';
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
