// MultipartReader on hand-made bodies: every split point, preamble/epilogue, limits, truncation.
#include "chexview/pacs/MultipartReader.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/pacs/StudyQuery.h"

#include <QTest>

using namespace chexview;

namespace {

const QByteArray kType = "multipart/related; type=\"application/dicom\"; boundary=\"b0und\"";

struct Collected
{
    QList<QByteArray> parts;
    QList<QByteArray> types;
};

/// Feeds `body` in chunks of `chunk` bytes (0: at once) and returns the parts.
Collected parse(const QByteArray& body, int chunk, MultipartReader::Limits limits = {})
{
    Collected c;
    MultipartReader reader(
        kType, limits,
        [&](const QMap<QByteArray, QByteArray>& h) {
            c.parts.append(QByteArray());
            c.types.append(h.value("content-type"));
        },
        [&](const char* d, qint64 n) { c.parts.last().append(d, int(n)); }, [] {});
    if (chunk <= 0) {
        reader.feed(body);
    } else {
        for (int i = 0; i < body.size(); i += chunk)
            reader.feed(body.mid(i, chunk));
    }
    reader.finish();
    return c;
}

QByteArray twoParts()
{
    return "preamble to ignore\r\n--b0und\r\nContent-Type: application/dicom\r\n\r\n"
           "first\r\n--b0un-not-a-boundary\r\n--b0und  \r\ncontent-type: application/dicom\r\n"
           "Content-Length: 6\r\n\r\nsecond\r\n--b0und--\r\nepilogue";
}

} // namespace

class TestMultipart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsAnywhere_data()
    {
        QTest::addColumn<int>("chunk");
        for (int c : {0, 1, 2, 3, 5, 7, 11, 64})
            QTest::newRow(qPrintable(QStringLiteral("chunks of %1").arg(c))) << c;
    }
    void splitsAnywhere()
    {
        QFETCH(int, chunk);
        const Collected c = parse(twoParts(), chunk);
        QCOMPARE(c.parts.size(), 2);
        QCOMPARE(c.parts[0], QByteArray("first\r\n--b0un-not-a-boundary"));
        QCOMPARE(c.parts[1], QByteArray("second"));
        QCOMPARE(c.types[1], QByteArray("application/dicom"));
    }
    void bodyStartingWithBoundary()
    {
        const Collected c = parse("--b0und\r\n\r\nabc\r\n--b0und--", 0);
        QCOMPARE(c.parts, QList<QByteArray>{QByteArray("abc")});
    }
    void failures_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::newRow("truncated inside a part")
            << QByteArray("--b0und\r\n\r\nabcdef") << int(PacsError::Code::Truncated);
        QTest::newRow("no closing boundary")
            << QByteArray("--b0und\r\n\r\nabc\r\n--b0und\r\n") << int(PacsError::Code::Truncated);
        QTest::newRow("part over the size limit")
            << (QByteArray("--b0und\r\n\r\n") + QByteArray(5000, 'x') + "\r\n--b0und--")
            << int(PacsError::Code::TooLarge);
        QTest::newRow("too many parts")
            << QByteArray("--b0und\r\n\r\na\r\n--b0und\r\n\r\nb\r\n--b0und\r\n\r\nc\r\n--b0und--")
            << int(PacsError::Code::TooLarge);
        QTest::newRow("endless headers") << (QByteArray("--b0und\r\nX: ") + QByteArray(20000, 'h'))
                                         << int(PacsError::Code::Protocol);
        QTest::newRow("no boundary at all")
            << QByteArray(20000, 'z') << int(PacsError::Code::Protocol);
    }
    void failures()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        MultipartReader::Limits limits;
        limits.maxPartBytes = 4096;
        limits.maxParts = 2;
        try {
            parse(body, 100, limits);
            QFAIL("no error");
        } catch (const PacsError& e) {
            QCOMPARE(int(e.code()), code);
        }
    }
    void rejectsOtherContentTypes()
    {
        for (const QByteArray& type :
             {QByteArray("application/dicom"), QByteArray("text/html; charset=utf-8"),
              QByteArray("multipart/related")}) {
            try {
                MultipartReader r(type, {}, {}, {}, {});
                QFAIL(type.constData());
            } catch (const PacsError& e) {
                QCOMPARE(e.code(), PacsError::Code::Protocol);
            }
        }
    }
    void dateRanges_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("dicom");
        QTest::newRow("compact range") << "20190101-20191231"
                                       << "20190101-20191231";
        QTest::newRow("iso range") << "2019-01-01-2019-12-31"
                                   << "20190101-20191231";
        QTest::newRow("open end") << "20190101-"
                                  << "20190101-";
        QTest::newRow("open start") << "-2019-12-31"
                                    << "-20191231";
        QTest::newRow("single day") << "2019-04-16"
                                    << "20190416";
    }
    void dateRanges()
    {
        QFETCH(QString, text);
        QFETCH(QString, dicom);
        StudyQuery q;
        q.setDateRange(text);
        QCOMPARE(q.dicomDateRange(), dicom);
    }
    void badDateRanges()
    {
        for (const QString& bad : {QStringLiteral("2019"), QStringLiteral("20191231-20190101"),
                                   QStringLiteral("-"), QStringLiteral("yesterday")}) {
            StudyQuery q;
            QVERIFY_THROWS_EXCEPTION(PacsError, q.setDateRange(bad));
        }
    }
};

QTEST_GUILESS_MAIN(TestMultipart)
#include "tst_multipart.moc"
