// Every real file loads with the right geometry; broken input gives a typed error, never a crash.
#include "TestData.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;
using Code = ImageError::Code;

namespace {

/// Loads; returns the error code, or -1 when the file loaded.
int loadCode(const QString& path)
{
    try {
        ImageLoader::load(path);
        return -1;
    } catch (const ImageError& e) {
        return int(e.code());
    }
}

} // namespace

class TestImageLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sharedFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<QString>("format");
        // Geometry as documented in tests/data/README.md.
        QTest::newRow("CR-MONO1-10-chest")
            << "dicom/CR-MONO1-10-chest.dcm" << 440 << 440 << 10 << "MONOCHROME1"
            << "DICOM";
        QTest::newRow("rsna_cr_jpeg_baseline")
            << "dicom/rsna_cr_jpeg_baseline.dcm" << 1024 << 1024 << 8 << "MONOCHROME2"
            << "DICOM";
        QTest::newRow("CR-ModalitySequenceLUT")
            << "dicom/CR-ModalitySequenceLUT.dcm" << 1976 << 1576 << 10 << "MONOCHROME1"
            << "DICOM";
        QTest::newRow("other 00000001_000 gray")
            << "other/00000001_000.png" << 512 << 512 << 8 << "MONOCHROME2"
            << "PNG";
        QTest::newRow("other h0001 rgb") << "other/h0001.png" << 512 << 512 << 8 << "RGB"
                                         << "PNG";
        QTest::newRow("other padchest jpeg") << "other/16747_3_1.jpg" << 1036 << 885 << 8 << "RGB"
                                             << "JPEG";
        const QStringList rgba = {QStringLiteral("00000100_000.png"),
                                  QStringLiteral("00001369_000.png")};
        for (const QString& n :
             QDir(sharedData(QStringLiteral("nih/images-1024"))).entryList(QDir::Files))
            QTest::newRow(qPrintable(QStringLiteral("images-1024 ") + n))
                << QStringLiteral("nih/images-1024/") + n << 1024 << 1024 << 8
                << (rgba.contains(n) ? QStringLiteral("RGBA") : QStringLiteral("MONOCHROME2"))
                << "PNG";
    }
    void sharedFiles()
    {
        QFETCH(QString, file);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, bits);
        QFETCH(QString, photometric);
        QFETCH(QString, format);
        const XrayImagePtr img = ImageLoader::load(sharedData(file));
        QCOMPARE(img->width(), width);
        QCOMPARE(img->height(), height);
        QCOMPARE(img->bitsStored(), bits);
        QCOMPARE(img->metadata().photometric, photometric);
        QCOMPARE(img->metadata().format, format);
        QCOMPARE(img->stored().values.size(), size_t(width) * size_t(height));
        const auto [lo, hi] = img->stored().minMax();
        QVERIFY(lo >= 0 && hi < (1 << bits));
        QVERIFY(hi > lo);
    }

    void allDownsampledNihImages()
    {
        const QDir dir(sharedData(QStringLiteral("nih/images-256")));
        const QStringList files = dir.entryList({QStringLiteral("*.png")}, QDir::Files);
        QCOMPARE(files.size(), 496);
        for (const QString& n : files) {
            const XrayImagePtr img = ImageLoader::load(dir.filePath(n));
            QCOMPARE(img->width(), 256);
            QCOMPARE(img->height(), 256);
            QCOMPARE(img->bitsStored(), 8);
            QCOMPARE(img->metadata().sourceColor, QStringLiteral("gray"));
        }
    }

    void rasterMatchesPil_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<int>("tolerance");
        for (const QJsonValue& v : fixtureManifest()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("kind")).toString() != QLatin1String("raster"))
                continue;
            const QString file = o.value(QStringLiteral("file")).toString();
            QTest::newRow(qPrintable(QFileInfo(file).fileName()))
                << file << o.value(QStringLiteral("reference")).toString()
                << o.value(QStringLiteral("tolerance")).toInt();
        }
    }
    void rasterMatchesPil()
    {
        QFETCH(QString, file);
        QFETCH(QString, reference);
        QFETCH(int, tolerance);
        const RawImage ref = loadReference(reference);
        const XrayImagePtr img = ImageLoader::load(file);
        QCOMPARE(img->width(), ref.width);
        QCOMPARE(img->height(), ref.height);
        QVERIFY(maxAbsDiff(img->stored().values, ref.values) <= tolerance);
    }

    void typedErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("tag");
        QTest::newRow("missing file") << "/nonexistent/x.dcm" << int(Code::NotFound) << "";
        QTest::newRow("directory")
            << sharedData(QStringLiteral("dicom")) << int(Code::NotAnImage) << "";
        QTest::newRow("mpeg2 transfer syntax")
            << fixture(QStringLiteral("bad_mpeg2.dcm")) << int(Code::UnsupportedTransferSyntax)
            << "(0002,0010)";
        QTest::newRow("palette color") << fixture(QStringLiteral("bad_palette.dcm"))
                                       << int(Code::UnsupportedPhotometric) << "(0028,0004)";
        QTest::newRow("short pixel data") << fixture(QStringLiteral("bad_short_pixels.dcm"))
                                          << int(Code::TruncatedPixelData) << "(7FE0,0010)";
    }
    void typedErrors()
    {
        QFETCH(QString, file);
        QFETCH(int, code);
        QFETCH(QString, tag);
        try {
            ImageLoader::load(file);
            QFAIL("expected an ImageError");
        } catch (const ImageError& e) {
            QCOMPARE(int(e.code()), code);
            QCOMPARE(e.tag(), tag);
            if (!tag.isEmpty())
                QVERIFY2(e.message().contains(tag) || code == int(Code::UnsupportedTransferSyntax),
                         qPrintable(e.message()));
            if (code == int(Code::UnsupportedTransferSyntax))
                QVERIFY(e.message().contains(QStringLiteral("1.2.840.10008.1.2.4.100")));
        }
    }

    void damagedCopies_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("damage");
        QTest::addColumn<int>("code");
        const QString mono1 = sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm"));
        const QString jpeg = sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        const QString png = sharedData(QStringLiteral("other/00000001_000.png"));
        QTest::newRow("empty file") << png << "empty" << int(Code::NotAnImage);
        QTest::newRow("text named .png") << png << "text" << int(Code::NotAnImage);
        QTest::newRow("truncated native DICOM") << mono1 << "half" << int(Code::TruncatedPixelData);
        QTest::newRow("truncated JPEG DICOM") << jpeg << "half" << int(Code::TruncatedPixelData);
        QTest::newRow("DICOM header only") << mono1 << "head200" << int(Code::NotAnImage);
        QTest::newRow("truncated PNG") << png << "half" << int(Code::DecodeFailed);
    }
    void damagedCopies()
    {
        QFETCH(QString, source);
        QFETCH(QString, damage);
        QFETCH(int, code);
        QTemporaryDir dir;
        const QByteArray bytes = readFile(source);
        QByteArray damaged;
        if (damage == QLatin1String("half"))
            damaged = bytes.left(bytes.size() / 2);
        else if (damage == QLatin1String("head200"))
            damaged = bytes.left(200);
        else if (damage == QLatin1String("text"))
            damaged = "this is not an image\n";
        const QString path = dir.filePath(QStringLiteral("damaged") + QFileInfo(source).suffix());
        writeFile(path, damaged);
        QCOMPARE(loadCode(path), code);
        QCOMPARE(readFile(source), bytes); // the original is never touched
    }

    void hugeImageIsRefusedBeforeDecoding()
    {
        // A real PNG whose header is patched to claim 100000 x 100000 pixels (CRC left wrong):
        // refused from the header, without allocating 10 GB.
        QByteArray bytes = readFile(sharedData(QStringLiteral("other/00000001_000.png")));
        const char big[4] = {0x00, 0x01, char(0x86), char(0xA0)}; // 100000, big-endian
        bytes.replace(16, 4, QByteArray(big, 4));
        bytes.replace(20, 4, QByteArray(big, 4));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.png"));
        writeFile(path, bytes);
        QCOMPARE(loadCode(path), int(Code::TooLarge));
    }

    void pngNamedDcmOpensByContent()
    {
        // Format comes from content, not the extension: the PNG opens with its own pixels.
        QTemporaryDir dir;
        const QString src = sharedData(QStringLiteral("other/00000001_000.png"));
        const QString path = dir.filePath(QStringLiteral("actually_png.dcm"));
        QVERIFY(QFile::copy(src, path));
        const XrayImagePtr a = ImageLoader::load(path);
        const XrayImagePtr b = ImageLoader::load(src);
        QCOMPARE(a->metadata().format, QStringLiteral("PNG"));
        QVERIFY(a->stored().values == b->stored().values);
    }

    void bitFlipsNeverCrash_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("native MONOCHROME1")
            << sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm"));
        QTest::newRow("JPEG baseline")
            << sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        QTest::newRow("JPEG lossless + LUT")
            << sharedData(QStringLiteral("dicom/CR-ModalitySequenceLUT.dcm"));
        QTest::newRow("JPEG 2000") << fixture(QStringLiteral("nih12_j2k.dcm"));
        QTest::newRow("JPEG-LS") << fixture(QStringLiteral("nih12_jpegls.dcm"));
        QTest::newRow("RLE") << fixture(QStringLiteral("nih8_rle.dcm"));
        QTest::newRow("PNG") << sharedData(QStringLiteral("other/00000001_000.png"));
    }
    void bitFlipsNeverCrash()
    {
        QFETCH(QString, source);
        const QByteArray bytes = readFile(source);
        QTemporaryDir dir;
        QRandomGenerator rng(12345);
        const XrayImagePtr original = ImageLoader::load(source);
        int loaded = 0, rejected = 0, sameGeometry = 0;
        for (int round = 0; round < 40; ++round) {
            QByteArray copy = bytes;
            // Damage the header in half the rounds, the pixel payload in the others.
            const int span = round % 2 ? qMin<int>(2048, int(copy.size())) : int(copy.size());
            for (int k = 0; k < 8; ++k)
                copy[rng.bounded(span)] ^= char(1 << rng.bounded(8));
            const QString path = dir.filePath(QStringLiteral("flip%1").arg(round));
            writeFile(path, copy);
            try {
                const XrayImagePtr img = ImageLoader::load(path);
                QVERIFY(img->width() > 0 && img->height() > 0);
                QCOMPARE(img->stored().values.size(), size_t(img->width()) * size_t(img->height()));
                // Whatever loads stays inside the bit depth the (possibly damaged) header claims.
                const int32_t top =
                    img->bitsStored() >= 31 ? INT32_MAX : (1 << img->bitsStored()) - 1;
                for (const int32_t v : img->stored().values)
                    if (img->stored().isSigned ? (v < -top - 1 || v > top) : (v < 0 || v > top))
                        QFAIL(qPrintable(QStringLiteral("round %1: value %2 outside %3 bits")
                                             .arg(round)
                                             .arg(v)
                                             .arg(img->bitsStored())));
                ++loaded;
                sameGeometry +=
                    img->width() == original->width() && img->height() == original->height();
            } catch (const ImageError& e) {
                // A rejection is typed and says why.
                QVERIFY2(!e.message().isEmpty(), qPrintable(QStringLiteral("round %1").arg(round)));
                QVERIFY(!ImageError::codeName(e.code()).isEmpty());
                ++rejected;
            }
        }
        // If damaged copies load at all, some of them (payload damage) keep the original size.
        qInfo("%s: %d loaded (%d at the original geometry), %d rejected", qPrintable(source),
              loaded, sameGeometry, rejected);
        QVERIFY(loaded == 0 || sameGeometry > 0);
    }

    void detectFromContent_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("format");
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n....", 12)
                             << int(ImageLoader::Format::Png);
        QTest::newRow("jpeg") << QByteArray("\xFF\xD8\xFF\xE0", 4)
                              << int(ImageLoader::Format::Jpeg);
        QTest::newRow("tiff") << QByteArray("II*\0....", 8) << int(ImageLoader::Format::Tiff);
        QTest::newRow("j2k") << QByteArray("\xFF\x4F\xFF\x51", 4)
                             << int(ImageLoader::Format::Jpeg2000);
        QByteArray part10(132, '\0');
        part10.replace(0, 4, "II*\0"); // TIFF header inside the preamble
        part10.replace(128, 4, "DICM");
        QTest::newRow("part10 with tiff preamble") << part10 << int(ImageLoader::Format::Dicom);
        QTest::newRow("bare dataset LE")
            << QByteArray("\x08\x00\x05\x00CS\x0a\x00", 8) << int(ImageLoader::Format::Dicom);
        QTest::newRow("text") << QByteArray("hello world") << int(ImageLoader::Format::Unknown);
    }
    void detectFromContent()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, format);
        QCOMPARE(int(ImageLoader::detect(head)), format);
    }
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "tst_imageloader.moc"
