// Hostile inputs (issue 8): every file of tests/tools/make_hostile_fixtures.py run through the
// real chexview-cli as a subprocess under a 1 GiB data limit (RLIMIT_DATA; not under ASan,
// whose shadow memory it would count) and a CPU limit, so a bomb shows as an allocation
// failure and a hang as SIGXCPU. Each case asserts the exit code (never a signal), the typed
// error or warning text, and for files that must open, golden pixels.
#include "TestData.h"
#include "chexview/dataset/DatasetReader.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Preprocessor.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <cmath>
#include <limits>

using namespace chexview;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHEXVIEW_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CHEXVIEW_UNDER_ASAN 1
#endif

namespace {

QString hostile(const QString& relative)
{
    return QStringLiteral(CHEXVIEW_HOSTILE_FIXTURES "/") + relative;
}

struct Run
{
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args, rlim_t dataLimit = rlim_t(1) << 30)
{
    QProcess p;
    p.setProgram(QStringLiteral(CHEXVIEW_CLI));
    p.setArguments(args);
    p.setChildProcessModifier([dataLimit] {
#ifdef CHEXVIEW_UNDER_ASAN
        (void)dataLimit;
#else
        const rlimit data{dataLimit, dataLimit}; // 1 GiB of heap and mappings unless told
        setrlimit(RLIMIT_DATA, &data);
#endif
        const rlimit cpu{120, 120}; // a hang ends in SIGXCPU, which the test reports
        setrlimit(RLIMIT_CPU, &cpu);
    });
    p.start();
    Run r;
    if (!p.waitForFinished(-1))
        return r;
    r.status = p.exitStatus();
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

#define QVERIFY_EXITED(r, expected)                                                                \
    do {                                                                                           \
        QVERIFY2((r).status == QProcess::NormalExit,                                               \
                 qPrintable(QStringLiteral("killed by a signal; stderr: ") +                       \
                            QString::fromUtf8((r).err.left(2000))));                               \
        QVERIFY2((r).code == (expected),                                                           \
                 qPrintable(QStringLiteral("exit %1; stderr: %2")                                  \
                                .arg((r).code)                                                     \
                                .arg(QString::fromUtf8((r).err.left(2000)))));                     \
    } while (false)

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- images refused with a typed error --------------------------------------------------
    void refusedImages_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("jpeg claims 16384x16384 RGB 32-bit") << "jpeg-claims-16384-rgb32.dcm"
                                                            << "malformed-dataset"
                                                            << "compressed frame is 1024x1024";
        QTest::newRow("jpeg claims 16384x16384 mono 16-bit") << "jpeg-claims-16384-mono16.dcm"
                                                             << "malformed-dataset"
                                                             << "compressed frame is 1024x1024";
        QTest::newRow("rle 3.7 KB claims 16384x16384") << "rle-claims-16384.dcm"
                                                       << "truncated-pixel-data"
                                                       << "cannot hold a 16384x16384 frame";
        // DCMTK 3.6.7's RLE codec trusts the header; fuzz_image_loader found the first (SEGV).
        QTest::newRow("rle last segment starts past its fragment")
            << "rle-segment-past-fragment.dcm"
            << "truncated-pixel-data"
            << "RLE segment 2 starts at byte 10108 of a 6108-byte fragment";
        QTest::newRow("rle segment offsets out of order")
            << "rle-segments-out-of-order.dcm"
            << "malformed-dataset"
            << "RLE segment 2 starts at byte 64, before the end of segment 1 (byte 1949)";
        QTest::newRow("rle last segment decodes to nothing")
            << "rle-last-segment-empty.dcm"
            << "truncated-pixel-data"
            << "RLE segment 2 (bytes 6107-6107) decodes to no pixels";
        QTest::newRow("rle header split over two fragments")
            << "rle-header-split-over-fragments.dcm"
            << "truncated-pixel-data"
            << "fragment holds 32 bytes, less than its 64-byte header";
        QTest::newRow("sequences nested 20000 deep, explicit VR") << "nested-20000-explicit.dcm"
                                                                  << "malformed-dataset"
                                                                  << "nested more than 256";
        QTest::newRow("sequences nested 20000 deep, implicit VR defined lengths")
            << "nested-20000-implicit-defined.dcm"
            << "malformed-dataset"
            << "nested more than 256";
        QTest::newRow("sequences nested 20000 deep inside an undefined-length UN element")
            << "un-nested-20000.dcm"
            << "malformed-dataset"
            << "nested more than 256";
        // Found by fuzz_image_loader: DCMTK allocated the claim while inflating.
        QTest::newRow("deflated dataset, an element with an unknown VR claims 3.7 GB")
            << "deflated-claims-3.7GB.dcm"
            << "malformed-dataset"
            << "element (412a,4141) claims 3686579388 bytes";
        QTest::newRow("deflate bomb, 300 KB inflating to 300 MiB") << "deflated-bomb-300MiB.dcm"
                                                                   << "too-large"
                                                                   << "inflates past 256 MiB";
        QTest::newRow("jpeg-ls 1 KB, frame header and module claim 16384x16384")
            << "jpegls-1KB-claims-16384.dcm"
            << "truncated-pixel-data"
            << "1024 bytes of compressed data cannot hold a 16384x16384 frame";
    }
    void refusedImages()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(QString, text);
        const QString path = hostile(QStringLiteral("images/") + file);
        for (const char* command : {"info", "render"}) {
            QTemporaryDir tmp;
            QStringList args{QString::fromLatin1(command), path};
            if (qstrcmp(command, "render") == 0)
                args << QStringLiteral("-o") << tmp.filePath(QStringLiteral("out.png"));
            const Run r = cli(args);
            QVERIFY_EXITED(r, 1);
            const QString err = QString::fromUtf8(r.err);
            QVERIFY2(err.contains(QStringLiteral(": error: ") + code + QStringLiteral(": ")),
                     qPrintable(err));
            QVERIFY2(err.contains(text), qPrintable(err));
            QVERIFY(r.out.isEmpty());
        }
    }

    // --- images that must open, with golden pixels ------------------------------------------
    void openedImages_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("firstPixel");
        QTest::addColumn<int>("lastPixel");
        QTest::addColumn<QString>("warning");
        // pydicom's own 3.7 KB file: 100x100 RGB, 32 bits per sample, RLE.
        QTest::newRow("pydicom SC_rgb_rle_32bit") << "rle-rgb-32bit.dcm" << 100 << -1 << -1 << "";
        // INT32_MIN and INT32_MAX in the corners: min/max window puts them at black and white.
        QTest::newRow("int32 extreme values") << "int32-extreme.dcm" << 64 << 0 << 255 << "";
        QTest::newRow("int32 ramp") << "int32-ramp.dcm" << 64 << 0 << 255 << "";
        // Stored INT32_MIN clamps to the first LUT entry (0), INT32_MAX to the last (65520).
        QTest::newRow("int32 extremes through a Modality LUT Sequence")
            << "int32-extreme-modality-lut.dcm" << 64 << 0 << 255 << "";
        QTest::newRow("VOI LUT, rescale slope 1e308")
            << "voi-slope-1e308.dcm" << 32 << 0 << -1 << "Rescale Slope (0028,1053)";
        QTest::newRow("VOI LUT, rescale slope -1e308")
            << "voi-slope-neg-1e308.dcm" << 32 << 0 << -1 << "Rescale Slope (0028,1053)";
        QTest::newRow("VOI LUT, rescale slope NaN")
            << "voi-slope-nan.dcm" << 32 << 0 << -1 << "Rescale Slope (0028,1053)";
        QTest::newRow("sequences nested 100 deep")
            << "nested-100-explicit.dcm" << 8 << 0 << 255 << "";
        QTest::newRow("sequences nested 100 deep inside an undefined-length UN element")
            << "un-nested-100.dcm" << 8 << 0 << 255 << "";
    }
    void openedImages()
    {
        QFETCH(QString, file);
        QFETCH(int, width);
        QFETCH(int, firstPixel);
        QFETCH(int, lastPixel);
        QFETCH(QString, warning);
        const QString path = hostile(QStringLiteral("images/") + file);
        const Run info = cli({QStringLiteral("info"), path});
        QVERIFY_EXITED(info, 0);
        const QJsonObject o = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(o.value(QStringLiteral("width")).toInt(), width);
        const QString warnings =
            QString::fromUtf8(QJsonDocument(o.value(QStringLiteral("warnings")).toArray())
                                  .toJson(QJsonDocument::Compact));
        if (!warning.isEmpty())
            QVERIFY2(warnings.contains(warning), qPrintable(warnings));
        QTemporaryDir tmp;
        const QString png = tmp.filePath(QStringLiteral("out.png"));
        const Run render = cli({QStringLiteral("render"), path, QStringLiteral("-o"), png});
        QVERIFY_EXITED(render, 0);
        const QImage shown(png);
        QCOMPARE(shown.width(), width);
        if (firstPixel >= 0)
            QCOMPARE(qGray(shown.pixel(0, 0)), firstPixel);
        if (lastPixel >= 0)
            QCOMPARE(qGray(shown.pixel(shown.width() - 1, shown.height() - 1)), lastPixel);
    }

    // --- raster files (issue 24): header claims, bombs, extreme geometry -------------------
    // Refused from the header alone, before any pixel buffer exists; `info` under 512 MiB.
    void refusedRasters_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        // Found by fuzzing: checkPngSize multiplied two 32-bit fields of a non-IHDR chunk.
        QTest::newRow("PNG 24 bytes whose first chunk is not IHDR") << "png-24-bytes-no-ihdr.png"
                                                                    << "decode-failed"
                                                                    << "too short to hold its IHDR";
        QTest::newRow("PNG whose first chunk is tEXt") << "png-first-chunk-text.png"
                                                       << "decode-failed"
                                                       << "does not start with an IHDR";
        QTest::newRow("PNG header only, claims 16000x16000")
            << "png-header-only-16000.png"
            << "truncated-pixel-data"
            << "45 bytes cannot hold a 16000x16000 PNG image";
        QTest::newRow("JPEG header only, claims 16000x16000")
            << "jpeg-header-only-16000.jpg"
            << "truncated-pixel-data"
            << "17 bytes cannot hold a 16000x16000 JPEG image";
        QTest::newRow("TIFF header only, claims 16000x16000 uncompressed")
            << "tiff-header-only-16000.tif"
            << "truncated-pixel-data"
            << "122 bytes cannot hold a 16000x16000 TIFF image";
        QTest::newRow("JPEG 2000 header only, claims 16000x16000") << "j2k-header-only-16000.j2k"
                                                                   << "decode-failed"
                                                                   << "JPEG 2000 decoding failed";
        QTest::newRow("JPEG 2000 header only, claims 30000x30000")
            << "j2k-header-only-30000.j2k"
            << "too-large"
            << "JPEG 2000 of 30000x30000 pixels exceeds the limit";
        QTest::newRow("JPEG of a real film, frame header claims 30000x30000")
            << "jpeg-claims-30000.jpg"
            << "too-large"
            << "JPEG of 30000x30000 pixels exceeds the limit";
        QTest::newRow("TIFF bomb, 261 KB inflating to 16384x16384") << "tiff-bomb-16384.tif"
                                                                    << "too-large"
                                                                    << "cannot be decoded reduced";
    }
    void refusedRasters()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(QString, text);
        const QString path = hostile(QStringLiteral("images/") + file);
        const Run r = cli({QStringLiteral("info"), path}, rlim_t(512) << 20);
        QVERIFY_EXITED(r, 1);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QStringLiteral(": error: ") + code + QStringLiteral(": ")),
                 qPrintable(err));
        QVERIFY2(err.contains(text), qPrintable(err));
        QVERIFY(r.out.isEmpty());
    }

    // Decompression bombs that open, stored reduced: `info` under 512 MiB, `render` under 1 GiB.
    void reducedBombs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("reduction");
        QTest::addColumn<int>("stored");
        QTest::newRow("PNG bomb, 261 KB of 16384x16384 zeros") << "png-bomb-16384.png" << 4 << 0;
        QTest::newRow("16-bit PNG bomb, 16384x16384 zeros") << "png16-bomb-16384.png" << 4 << 0;
        QTest::newRow("JPEG bomb, 16384x16384 flat gray 128") << "jpeg-bomb-16384.jpg" << 4 << 128;
        QTest::newRow("interlaced PNG bomb, 16384x16384 zeros")
            << "png-interlaced-bomb-16384.png" << 4 << 0;
    }
    void reducedBombs()
    {
        QFETCH(QString, file);
        QFETCH(int, reduction);
        QFETCH(int, stored);
        const QString path = hostile(QStringLiteral("images/") + file);
        const Run info = cli({QStringLiteral("info"), path}, rlim_t(512) << 20);
        QVERIFY_EXITED(info, 0);
        const QJsonObject o = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(o.value(QStringLiteral("source_width")).toInt(), 16384);
        QCOMPARE(o.value(QStringLiteral("reduction")).toInt(), reduction);
        QCOMPARE(o.value(QStringLiteral("width")).toInt(), 16384 / reduction);
        QCOMPARE(o.value(QStringLiteral("height")).toInt(), 16384 / reduction);
        QVERIFY(QJsonDocument(o.value(QStringLiteral("warnings")).toArray())
                    .toJson()
                    .contains("stored reduced by"));
        QTemporaryDir tmp;
        const QString png = tmp.filePath(QStringLiteral("out.png"));
        const Run render = cli({QStringLiteral("render"), path, QStringLiteral("-o"), png});
        QVERIFY_EXITED(render, 0);
        QCOMPARE(QImage(png).width(), 16384 / reduction);
        // In process: the stored values are the box averages of the source.
        const XrayImagePtr image = ImageLoader::load(path);
        const auto [lo, hi] = image->storedRange();
        QVERIFY2(std::abs(lo - stored) <= 1 && std::abs(hi - stored) <= 1,
                 qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
    }

    // Native DICOM frames against the memory budget, `info` under 512 MiB: the largest chest
    // film size opens whole; a frame whose decode needs more than the budget is refused from
    // its Image Pixel module before Pixel Data is read.
    void dicomFrameBudget_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("text");
        QTest::newRow("16-bit 4300x4300 opens") << "native-16bit-4300.dcm" << 0 << "";
        QTest::newRow("8-bit 7600x7600 is refused")
            << "native-8bit-7600.dcm" << 1
            << "too-large: DICOM frame of 7600x7600 pixels (8 bits allocated, 1 samples, Little "
               "Endian Explicit) needs 331 MiB to decode, more than the 320 MiB budget";
    }
    void dicomFrameBudget()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, text);
        const Run r = cli({QStringLiteral("info"), hostile(QStringLiteral("images/") + file)},
                          rlim_t(512) << 20);
        QVERIFY_EXITED(r, exitCode);
        if (exitCode == 0) {
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QCOMPARE(o.value(QStringLiteral("width")).toInt(), 4300);
            QVERIFY(!o.contains(QStringLiteral("reduction")));
        } else {
            QVERIFY2(QString::fromUtf8(r.err).contains(text), r.err.constData());
        }
    }

    // An interlaced (Adam7) PNG too large to decode whole is read pass by pass into the reduced
    // image: the same stored values, size and chroma as the plain file of the same pixels.
    void interlacedPngEqualsPlain_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("reduction");
        QTest::newRow("8-bit gray 8191x6143") << "gray8-8191x6143" << 2;
        QTest::newRow("8-bit RGB 6001x5999") << "rgb8-6001x5999" << 2;
        QTest::newRow("16-bit gray 6000x6000") << "gray16-6000x6000" << 2;
    }
    void interlacedPngEqualsPlain()
    {
        QFETCH(QString, name);
        QFETCH(int, reduction);
        const XrayImagePtr adam7 =
            ImageLoader::load(hostile(QStringLiteral("images/png-interlaced-%1.png").arg(name)));
        const XrayImagePtr plain =
            ImageLoader::load(hostile(QStringLiteral("images/png-plain-%1.png").arg(name)));
        QCOMPARE(adam7->metadata().reduction, reduction);
        QCOMPARE(plain->metadata().reduction, reduction);
        QCOMPARE(adam7->width(), plain->width());
        QCOMPARE(adam7->height(), plain->height());
        QCOMPARE(adam7->bitsStored(), plain->bitsStored());
        QCOMPARE(adam7->metadata().photometric, plain->metadata().photometric);
        QCOMPARE(adam7->metadata().chroma.has_value(), plain->metadata().chroma.has_value());
        if (plain->metadata().chroma)
            QVERIFY(std::abs(*adam7->metadata().chroma - *plain->metadata().chroma) < 1e-12);
        const auto& a = adam7->stored().values;
        const auto& b = plain->stored().values;
        QCOMPARE(a.size(), b.size());
        size_t differ = 0;
        for (size_t i = 0; i < a.size(); ++i)
            differ += a[i] != b[i];
        QCOMPARE(differ, size_t(0));
        QVERIFY(plain->storedRange().second > plain->storedRange().first); // not a flat image
    }

    // Extreme aspect ratios and 1-pixel images open, render and preprocess in bounded memory.
    void extremeGeometry_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("JPEG 1x65000") << "jpeg-1x65000.jpg" << 1 << 65000;
        QTest::newRow("PNG 2x60000") << "png-2x60000.png" << 2 << 60000;
        QTest::newRow("PNG 1x16384") << "png-1x16384.png" << 1 << 16384;
        QTest::newRow("PNG 1x1") << "png-1x1.png" << 1 << 1;
        QTest::newRow("JPEG 1x1") << "jpeg-1x1.jpg" << 1 << 1;
        QTest::newRow("TIFF 1x1") << "tiff-1x1.tif" << 1 << 1;
        QTest::newRow("JPEG 2000 1x1") << "j2k-1x1.j2k" << 1 << 1;
    }
    void extremeGeometry()
    {
        QFETCH(QString, file);
        QFETCH(int, width);
        QFETCH(int, height);
        const QString path = hostile(QStringLiteral("images/") + file);
        const Run info = cli({QStringLiteral("info"), path}, rlim_t(512) << 20);
        QVERIFY_EXITED(info, 0);
        const QJsonObject o = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(o.value(QStringLiteral("width")).toInt(), width);
        QCOMPARE(o.value(QStringLiteral("height")).toInt(), height);
        QTemporaryDir tmp;
        const QString png = tmp.filePath(QStringLiteral("out.png"));
        const Run render = cli({QStringLiteral("render"), path, QStringLiteral("-o"), png});
        QVERIFY_EXITED(render, 0);
        QCOMPARE(QImage(png).height(), height);
        // The model input: 3 x 224 x 224 finite values; the long side was capped at 4 x 256.
        const XrayImagePtr image = ImageLoader::load(path);
        const ModelInput in = Preprocessor::prepare(*image, PreprocessSpec());
        QCOMPARE(in.data.size(), size_t(3 * 224 * 224));
        for (float v : in.data)
            QVERIFY(std::isfinite(v));
        QVERIFY2(in.geometry.scale * std::max(width, height) <= 4 * 256 + 0.5,
                 qPrintable(QString::number(in.geometry.scale)));
    }

    // The input gate in `predict` (issue 24): a refused image has a gate verdict and no
    // findings unless --force; forced, the 1x65000 file is scored under a 1.25 GiB data limit.
    void predictGate_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("force");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::newRow("JPEG 1x65000 refused without findings")
            << hostile(QStringLiteral("images/jpeg-1x65000.jpg")) << false << "refuse"
            << "not analyzable: 1×65000 px";
        QTest::newRow("JPEG 1x65000 forced: scored, marked forced")
            << hostile(QStringLiteral("images/jpeg-1x65000.jpg")) << true << "refuse"
            << "not analyzable: 1×65000 px";
        QTest::newRow("PNG 2x60000 refused without findings")
            << hostile(QStringLiteral("images/png-2x60000.png")) << false << "refuse"
            << "not analyzable: 2×60000 px";
        QTest::newRow("real NIH film ok")
            << test::sharedData(QStringLiteral("nih/images-1024/00000129_000.png")) << false << "ok"
            << "";
    }
    void predictGate()
    {
        QFETCH(QString, file);
        QFETCH(bool, force);
        QFETCH(QString, verdict);
        QFETCH(QString, reason);
        QStringList args{QStringLiteral("predict"), file, QStringLiteral("--precision"),
                         QStringLiteral("fp32")};
        if (force)
            args << QStringLiteral("--force");
        const Run r = cli(args, rlim_t(1280) << 20);
        QVERIFY_EXITED(r, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed()).object();
        QVERIFY2(!o.isEmpty(), r.out.constData());
        const QJsonObject gate = o.value(QStringLiteral("gate")).toObject();
        QCOMPARE(gate.value(QStringLiteral("verdict")).toString(), verdict);
        const QJsonArray reasons = gate.value(QStringLiteral("reasons")).toArray();
        if (!reason.isEmpty())
            QVERIFY2(reasons.first().toString().startsWith(reason), r.out.constData());
        QVERIFY(gate.contains(QStringLiteral("ood_score")));
        const bool scored = verdict != QLatin1String("refuse") || force;
        QCOMPARE(o.contains(QStringLiteral("findings")), scored);
        QCOMPARE(o.value(QStringLiteral("forced")).toBool(), force);
        if (scored)
            QCOMPARE(o.value(QStringLiteral("findings")).toObject().size(), qsizetype(14));
    }

    // --- label lists ------------------------------------------------------------------------
    void refusedLists_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("text");
        const QString lists = QStringLiteral("--lists");
        QTest::newRow("gz truncated to 500 bytes (use-after-free of gzerror)")
            << QStringList{lists, hostile(QStringLiteral("lists-gz-truncated"))}
            << "gzip stream is damaged or truncated";
        QTest::newRow("gz corrupted")
            << QStringList{lists, hostile(QStringLiteral("lists-gz-corrupt"))}
            << "gzip stream is damaged or truncated";
        QTest::newRow("1 GiB on one line")
            << QStringList{lists, hostile(QStringLiteral("lists-bomb-line"))}
            << "line longer than 64 KiB";
        QTest::newRow("200 MiB of short lines")
            << QStringList{lists, hostile(QStringLiteral("lists-bomb-lines"))}
            << "more than 2000000 lines";
        QTest::newRow("16 MiB line of 8M fields")
            << QStringList{lists, hostile(QStringLiteral("lists-wide-line"))} << "line longer than";
        QTest::newRow("Data_Entry with a 256 MiB line")
            << QStringList{QStringLiteral("--data-entry"),
                           hostile(QStringLiteral("data-entry-bomb/Data_Entry_2017.csv.gz"))}
            << "Data_Entry_2017.csv.gz:2: line longer than";
    }
    void refusedLists()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, text);
        const Run r = cli(QStringList{QStringLiteral("dataset"), QStringLiteral("stats")} + args);
        QVERIFY_EXITED(r, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(text), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void duplicateLinesAreReportedNotRefused()
    {
        const Run r = cli({QStringLiteral("dataset"), QStringLiteral("stats"),
                           QStringLiteral("--lists"), hostile(QStringLiteral("lists-duplicates")),
                           QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY_EXITED(r, 3);
        QCOMPARE(r.err.count("duplicate image"), qsizetype(199999));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(r.out.contains("\"images\":1"), r.out.left(400).constData());
        QVERIFY(!o.isEmpty());
    }

    // The typed errors behind those messages, in process.
    void readLinesTypedErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("code");
        QTest::newRow("truncated gz")
            << "lists-gz-truncated/val_list.txt.gz" << int(DatasetError::Code::Corrupt);
        QTest::newRow("corrupt gz")
            << "lists-gz-corrupt/val_list.txt.gz" << int(DatasetError::Code::Corrupt);
        QTest::newRow("one-line bomb")
            << "lists-bomb-line/bomb_list.txt.gz" << int(DatasetError::Code::LineTooLong);
        QTest::newRow("many-line bomb")
            << "lists-bomb-lines/bomb_list.txt.gz" << int(DatasetError::Code::TooLarge);
        QTest::newRow("missing file")
            << "no-such-dir/x_list.txt" << int(DatasetError::Code::CannotOpen);
    }
    void readLinesTypedErrors()
    {
        QFETCH(QString, file);
        QFETCH(int, code);
        try {
            DatasetReader::readLines(hostile(file));
            QFAIL("readLines accepted the file");
        } catch (const DatasetError& e) {
            QCOMPARE(int(e.code()), code);
        }
    }

    void readLinesKeepsRealFiles()
    {
        // The real 22,433-line test list, whose last line has no newline.
        const QList<QByteArray> lines =
            DatasetReader::readLines(test::sharedData(QStringLiteral("nih/lists/test_list.txt")));
        QCOMPARE(lines.size(), qsizetype(22433));
        QVERIFY(lines.last().endsWith(" 0") || lines.last().endsWith(" 1"));
    }

    // --- 32-bit ranges in the model's preprocessing and the display table --------------------
    void preprocessingOf32BitImageIsFinite()
    {
        const XrayImagePtr image =
            ImageLoader::load(hostile(QStringLiteral("images/int32-extreme.dcm")));
        QCOMPARE(image->bitsStored(), 32);
        const ModelInput in = Preprocessor::prepare(*image, PreprocessSpec());
        QCOMPARE(in.data.size(), size_t(3 * 224 * 224));
        for (float v : in.data)
            QVERIFY(std::isfinite(v));
        // ImageNet-normalised values of a [0,1] image lie within [-2.2, 2.7].
        const auto [mn, mx] = std::minmax_element(in.data.begin(), in.data.end());
        QVERIFY(*mn >= -2.2f && *mx <= 2.7f);
    }

    void wideStoredRangeUsesNoTable()
    {
        const XrayImagePtr image =
            ImageLoader::load(hostile(QStringLiteral("images/int32-extreme.dcm")));
        const auto [lo, hi] = image->storedRange();
        QCOMPARE(lo, std::numeric_limits<int32_t>::min());
        QCOMPARE(hi, std::numeric_limits<int32_t>::max());
        QVERIFY(DisplayPipeline::buildLut(*image, {}, lo, hi).empty());
        QCOMPARE(DisplayPipeline::buildLut(*image, {}, 0, 65535).size(), size_t(65536));
    }

    void voiLutIndexIsClampedForAnyValue_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("expected");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("NaN") << std::nan("") << 0.0;
        QTest::newRow("+inf") << inf << 1.0;
        QTest::newRow("-inf") << -inf << 0.0;
        QTest::newRow("1e308") << 1e308 << 1.0;
        QTest::newRow("-1e308") << -1e308 << 0.0;
        QTest::newRow("inside") << 1.0 << 2.0 / 3.0;
    }
    void voiLutIndexIsClampedForAnyValue()
    {
        QFETCH(double, x);
        QFETCH(double, expected);
        const VoiWindow lut = VoiWindow::lut(-1, {0, 1, 2, 3}, 2);
        QCOMPARE(lut.apply(x), expected);
    }

    // --- crashes found by fuzzing stay fixed ------------------------------------------------
    void fuzzRegressions()
    {
        // tests/fuzz/regressions/HARNESS/FILE, copied by the fixture step.
        const QDir images(hostile(QStringLiteral("fuzz/fuzz_image_loader")));
        const QDir lists(hostile(QStringLiteral("fuzz/fuzz_dataset_reader")));
        const QStringList imageFiles = images.entryList(QDir::Files, QDir::Name);
        const QStringList listFiles = lists.entryList(QDir::Files, QDir::Name);
        if (imageFiles.isEmpty() && listFiles.isEmpty())
            QSKIP("no fuzz regressions recorded");
        for (const QString& f : imageFiles) {
            const Run r = cli({QStringLiteral("info"), images.filePath(f)});
            QVERIFY2(r.status == QProcess::NormalExit && (r.code == 0 || r.code == 1),
                     qPrintable(f + QStringLiteral(": ") + QString::fromUtf8(r.err.left(2000))));
        }
        for (const QString& f : listFiles) {
            QTemporaryDir tmp;
            QFile::copy(lists.filePath(f), tmp.filePath(QStringLiteral("fuzz_list.txt")));
            const Run r = cli({QStringLiteral("dataset"), QStringLiteral("stats"),
                               QStringLiteral("--lists"), tmp.path()});
            QVERIFY2(r.status == QProcess::NormalExit && r.code >= 0 && r.code <= 3,
                     qPrintable(f + QStringLiteral(": ") + QString::fromUtf8(r.err.left(2000))));
        }
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
