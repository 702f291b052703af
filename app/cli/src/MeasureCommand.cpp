#include "chexview/cli/Commands.h"
#include "chexview/dataset/DatasetError.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/measure/MeasurementStore.h"
#include "chexview/results/MeasurementSrWriter.h"
#include "chexview/results/SourceStudy.h"
#include "chexview/workflow/MeasurementContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <cmath>

namespace chexview {

namespace {

const char* const kUsage =
    "usage: chexview-cli measure FILE [--length X1,Y1,X2,Y2] [--angle AX,AY,VX,VY,BX,BY]\n"
    "         [--ellipse X1,Y1,X2,Y2] [--rectangle X1,Y1,X2,Y2]\n"
    "         [--ctr CX1,CY1,CX2,CY2,TX1,TY1,TX2,TY2] [--stored [--store-dir DIR]]\n"
    "         [--view PA|AP] [--data-entry CSV] [--anonymize] [--sr OUT.dcm]\n"
    "  measurements in image pixel coordinates (x = column, y = row, (0,0) the top-left\n"
    "  corner); each option may repeat. --stored adds those the viewer keeps for the image\n"
    "  (or DIR's). Prints the values with their calibration as JSON; --sr writes them as a\n"
    "  TID 1500 SR referencing FILE (DICOM only; store it with `pacs store OUT.dcm`).\n"
    "  --data-entry: NIH's Data_Entry_2017*.csv[.gz]; an NIH PNG listed there is calibrated from\n"
    "  its OriginalImagePixelSpacing scaled to the stored size, and takes its View Position.\n";

/// The viewer's measurement folder (QStandardPaths::AppDataLocation of org/app "chexview").
QString viewerStore()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/chexview/chexview/measurements");
}

std::optional<Measurement> parse(Measurement::Kind kind, const QString& text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 2 * Measurement::pointCount(kind))
        return std::nullopt;
    Measurement m;
    m.kind = kind;
    for (int i = 0; i < parts.size(); i += 2) {
        bool okX = false, okY = false;
        const double x = parts[i].trimmed().toDouble(&okX);
        const double y = parts[i + 1].trimmed().toDouble(&okY);
        if (!okX || !okY || !std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 1e6 ||
            std::abs(y) > 1e6)
            return std::nullopt;
        m.points << QPointF(x, y);
    }
    if (kind == Measurement::Kind::CardiothoracicRatio) { // both segments horizontal
        m.points[1].setY(m.points[0].y());
        m.points[3].setY(m.points[2].y());
    }
    return m;
}

QJsonObject toJson(const Measurement& m, const MeasurementValues& v)
{
    QJsonArray points, values;
    for (const QPointF& p : m.points)
        points.append(QJsonArray{p.x(), p.y()});
    for (const MeasuredValue& mv : v.values)
        values.append(QJsonObject{{QStringLiteral("name"), mv.concept},
                                  {QStringLiteral("value"), mv.value},
                                  {QStringLiteral("ucum"), mv.ucum},
                                  {QStringLiteral("shown"), mv.shown}});
    QJsonObject o{{QStringLiteral("kind"), Measurement::kindName(m.kind)},
                  {QStringLiteral("points"), points},
                  {QStringLiteral("text"), v.text},
                  {QStringLiteral("values"), values},
                  {QStringLiteral("notes"), QJsonArray::fromStringList(v.notes)}};
    if (v.flagged)
        o.insert(QStringLiteral("flagged"), true);
    return o;
}

} // namespace

int runMeasureCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString prefix = QStringLiteral("chexview-cli measure: error: ");
    if (!args.isEmpty() && (args.first() == QLatin1String("--help") || args.first() == "-h")) {
        out << kUsage;
        return 0;
    }
    QString file, srPath, view, storeDir, dataEntryPath;
    bool stored = false, anonymize = false;
    QList<Measurement> list;
    const QList<QPair<QString, Measurement::Kind>> options = {
        {QStringLiteral("--length"), Measurement::Kind::Length},
        {QStringLiteral("--angle"), Measurement::Kind::Angle},
        {QStringLiteral("--ellipse"), Measurement::Kind::EllipseRoi},
        {QStringLiteral("--rectangle"), Measurement::Kind::RectangleRoi},
        {QStringLiteral("--ctr"), Measurement::Kind::CardiothoracicRatio}};
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        bool matched = false;
        for (const auto& [name, kind] : options) {
            if (a != name)
                continue;
            matched = true;
            const std::optional<Measurement> m =
                hasValue ? parse(kind, args[++i]) : std::optional<Measurement>();
            if (!m) {
                err << prefix << name << " needs " << 2 * Measurement::pointCount(kind)
                    << " comma-separated finite numbers\n";
                return 2;
            }
            list << *m;
        }
        if (matched)
            continue;
        if (a == QLatin1String("--sr") && hasValue)
            srPath = args[++i];
        else if (a == QLatin1String("--view") && hasValue)
            view = args[++i].toUpper();
        else if (a == QLatin1String("--data-entry") && hasValue)
            dataEntryPath = args[++i];
        else if (a == QLatin1String("--store-dir") && hasValue)
            storeDir = args[++i];
        else if (a == QLatin1String("--stored"))
            stored = true;
        else if (a == QLatin1String("--anonymize"))
            anonymize = true;
        else if (!a.startsWith(QLatin1String("--")) && file.isEmpty())
            file = a;
        else {
            err << prefix << "unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
    }
    if (file.isEmpty()) {
        err << kUsage;
        return 2;
    }
    XrayImagePtr image;
    try {
        image = ImageLoader::load(file);
    } catch (const ImageError& e) {
        err << prefix << ImageError::codeName(e.code()) << ": " << e.message() << '\n';
        return 1;
    }
    const ImageMetadata& meta = image->metadata();
    const QString key = MeasurementStore::imageKey(meta, file);
    if (stored || !storeDir.isEmpty())
        list << MeasurementStore(storeDir.isEmpty() ? viewerStore() : storeDir).load(key);
    if (list.isEmpty()) {
        err << prefix << "no measurement (give --length ..., or --stored)\n";
        return 2;
    }
    DataEntryIndex dataEntry;
    if (!dataEntryPath.isEmpty()) {
        try {
            dataEntry = DataEntryIndex::read(dataEntryPath);
        } catch (const DatasetError& e) {
            err << prefix << e.codeName() << ": " << e.message() << '\n';
            return 1;
        }
    }
    const MeasurementContext context =
        MeasurementContext::forImage(meta, file, {image->width(), image->height()},
                                     dataEntryPath.isEmpty() ? nullptr : &dataEntry);
    const PixelCalibration& cal = context.calibration;
    if (view.isEmpty())
        view = context.view;
    QList<MeasurementValues> values;
    QJsonArray measured;
    for (const Measurement& m : list) {
        values << MeasurementEvaluator::evaluate(m, *image, cal, view);
        measured.append(toJson(m, values.last()));
    }
    QJsonObject o{{QStringLiteral("file"), file},
                  {QStringLiteral("image_key"), key},
                  {QStringLiteral("calibration"),
                   QJsonObject{{QStringLiteral("unit"), cal.lengthUnit()},
                               {QStringLiteral("description"), cal.description()},
                               {QStringLiteral("row_mm"), cal.rowMm},
                               {QStringLiteral("column_mm"), cal.colMm},
                               {QStringLiteral("notes"), QJsonArray::fromStringList(cal.notes)}}},
                  {QStringLiteral("view"), view},
                  {QStringLiteral("measurements"), measured}};
    int code = 0;
    if (!srPath.isEmpty()) {
        try {
            SourceStudy source = SourceStudy::read(file);
            if (anonymize)
                source.anonymize();
            o.insert(QStringLiteral("sr_sop_instance_uid"),
                     MeasurementSrWriter::write(list, values, cal, source, srPath));
            o.insert(QStringLiteral("sr_path"), srPath);
        } catch (const std::runtime_error& e) {
            err << prefix << "no SR written: " << e.what()
                << (meta.format == QLatin1String("DICOM")
                        ? QString()
                        : QStringLiteral(" (a DICOM SR references a DICOM image; this one is %1)")
                              .arg(meta.format))
                << '\n';
            code = 1;
        }
    }
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    return code;
}

} // namespace chexview
