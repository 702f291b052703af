// VOI and modality stages against the formulas of DICOM PS3.3 C.11.1 / C.11.2.
#include "chexview/image/ModalityLut.h"
#include "chexview/image/VoiWindow.h"

#include <QTest>

#include <cmath>

using namespace chexview;
using Fn = VoiWindow::Function;

class TestVoiWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void window_data()
    {
        QTest::addColumn<double>("center");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("function");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("expected");
        const int lin = int(Fn::Linear), exact = int(Fn::LinearExact), sig = int(Fn::Sigmoid);
        QTest::newRow("linear below window") << 100.0 << 51.0 << lin << 74.5 << 0.0;
        QTest::newRow("linear quarter") << 100.0 << 51.0 << lin << 87.0 << 0.25;
        QTest::newRow("linear center") << 100.0 << 51.0 << lin << 99.5 << 0.5;
        QTest::newRow("linear top edge") << 100.0 << 51.0 << lin << 124.5 << 1.0;
        QTest::newRow("linear above window") << 100.0 << 51.0 << lin << 500.0 << 1.0;
        QTest::newRow("linear full 12-bit low") << 2048.0 << 4096.0 << lin << 0.0 << 0.0;
        QTest::newRow("linear full 12-bit high") << 2048.0 << 4096.0 << lin << 4095.0 << 1.0;
        QTest::newRow("linear width one below") << 10.0 << 1.0 << lin << 9.5 << 0.0;
        QTest::newRow("linear width one above") << 10.0 << 1.0 << lin << 9.6 << 1.0;
        QTest::newRow("linear_exact lower edge") << 100.0 << 50.0 << exact << 75.0 << 0.0;
        QTest::newRow("linear_exact quarter") << 100.0 << 50.0 << exact << 87.5 << 0.25;
        QTest::newRow("linear_exact center") << 100.0 << 50.0 << exact << 100.0 << 0.5;
        QTest::newRow("linear_exact upper edge") << 100.0 << 50.0 << exact << 125.0 << 1.0;
        QTest::newRow("sigmoid center") << 100.0 << 50.0 << sig << 100.0 << 0.5;
        QTest::newRow("sigmoid half width")
            << 100.0 << 50.0 << sig << 125.0 << 1.0 / (1.0 + std::exp(-2.0));
        QTest::newRow("sigmoid below")
            << 100.0 << 50.0 << sig << 50.0 << 1.0 / (1.0 + std::exp(4.0));
    }
    void window()
    {
        QFETCH(double, center);
        QFETCH(double, width);
        QFETCH(int, function);
        QFETCH(double, x);
        QFETCH(double, expected);
        const VoiWindow w(center, width, Fn(function));
        QVERIFY2(std::abs(w.apply(x) - expected) < 1e-9,
                 qPrintable(QStringLiteral("got %1").arg(w.apply(x), 0, 'g', 12)));
    }

    void voiLut()
    {
        const VoiWindow w = VoiWindow::lut(10, {0, 100, 200, 65535}, 16, QStringLiteral("t"));
        QVERIFY(w.isLut());
        QCOMPARE(w.apply(9), 0.0); // below first mapped: first entry
        QCOMPARE(w.apply(11), 100.0 / 65535.0);
        QCOMPARE(w.apply(11.7), 100.0 / 65535.0);
        QCOMPARE(w.apply(13), 1.0);
        QCOMPARE(w.apply(400), 1.0); // above: last entry
    }

    void voiLutDeclaredDepthTooSmall()
    {
        // A 12-bit declared LUT holding 16-bit values still maps its top entry to 1.
        const VoiWindow w = VoiWindow::lut(0, {0, 30000, 60000}, 12);
        QCOMPARE(w.apply(2), 1.0);
        QCOMPARE(w.apply(1), 0.5);
    }

    void functionNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("function");
        QTest::addColumn<bool>("ok");
        QTest::newRow("LINEAR") << "LINEAR" << int(Fn::Linear) << true;
        QTest::newRow("empty") << "" << int(Fn::Linear) << true;
        QTest::newRow("SIGMOID padded") << "SIGMOID " << int(Fn::Sigmoid) << true;
        QTest::newRow("LINEAR_EXACT") << "LINEAR_EXACT" << int(Fn::LinearExact) << true;
        QTest::newRow("unknown") << "GAMMA" << int(Fn::Linear) << false;
    }
    void functionNames()
    {
        QFETCH(QString, text);
        QFETCH(int, function);
        QFETCH(bool, ok);
        bool parsed = true;
        QCOMPARE(int(VoiWindow::parseFunction(text, &parsed)), function);
        QCOMPARE(parsed, ok);
    }

    void modalityRescale()
    {
        const ModalityLut m = ModalityLut::rescale(2.0, -1024.0, QStringLiteral("US"));
        QVERIFY(!m.isIdentity());
        QCOMPARE(m.apply(3000), 4976.0);
        QCOMPARE(m.apply(0), -1024.0);
        QCOMPARE(m.unit(), QStringLiteral("US"));
        QVERIFY(ModalityLut().isIdentity());
    }

    void modalityTable()
    {
        const ModalityLut m = ModalityLut::table(100, {5, 6, 7});
        QVERIFY(m.isTable());
        QCOMPARE(m.apply(99), 5.0);
        QCOMPARE(m.apply(100), 5.0);
        QCOMPARE(m.apply(101), 6.0);
        QCOMPARE(m.apply(5000), 7.0);
    }
};

QTEST_APPLESS_MAIN(TestVoiWindow)
#include "tst_voiwindow.moc"
