#include "chexview/dataset/ImageAttributes.h"

#include "chexview/dataset/DatasetReader.h"

#include <QFileInfo>

namespace chexview {

namespace {

QStringList fields(const QByteArray& line)
{
    QStringList out;
    for (const QByteArray& f : line.split(','))
        out << QString::fromUtf8(f.trimmed());
    return out;
}

} // namespace

QStringList ImageAttributes::header(const QString& path)
{
    try {
        const QList<QByteArray> lines = DatasetReader::readLines(path);
        return lines.isEmpty() ? QStringList() : fields(lines.first());
    } catch (const std::exception&) {
        return {};
    }
}

ImageAttributeTable ImageAttributes::read(const QString& path, const QStringList& columns)
{
    const QList<QByteArray> lines = DatasetReader::readLines(path);
    const QStringList head = lines.isEmpty() ? QStringList() : fields(lines.first());
    const QString file = QFileInfo(path).fileName();
    const int imageCol = int(head.indexOf(QStringLiteral("Image Index")));
    std::vector<int> cols;
    int needed = imageCol + 1;
    for (const QString& c : columns) {
        const int i = int(head.indexOf(c));
        if (imageCol < 0 || i < 0)
            throw DatasetError(DatasetError::Code::NotALabelFile,
                               QStringLiteral("%1: no column '%2' (it has: %3)")
                                   .arg(path, imageCol < 0 ? QStringLiteral("Image Index") : c,
                                        head.join(QStringLiteral(", "))));
        cols.push_back(i);
        needed = std::max(needed, i + 1);
    }
    ImageAttributeTable t;
    t.columns = columns;
    t.source = QFileInfo(path).absoluteFilePath();
    for (int n = 1; n < lines.size(); ++n) {
        const QByteArray line = lines[n].trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = fields(line);
        if (f.size() < needed) {
            t.issues.append({file, n + 1,
                             QStringLiteral("expected at least %1 comma-separated fields, found %2")
                                 .arg(needed)
                                 .arg(f.size())});
            continue;
        }
        const QString& image = f[imageCol];
        if (image.isEmpty() || t.values.contains(image)) {
            t.issues.append({file, n + 1,
                             image.isEmpty() ? QStringLiteral("empty image name")
                                             : QStringLiteral("duplicate image %1").arg(image)});
            continue;
        }
        QStringList v;
        for (int c : cols)
            v << f[c];
        t.values.insert(image, v);
    }
    return t;
}

} // namespace chexview
