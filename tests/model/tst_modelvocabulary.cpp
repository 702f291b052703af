// The model vocabulary (engine, device, precision): every word parses back to itself, unknown
// words are refused, and the default precision is decided in one place.
#include "chexview/model/ModelVocabulary.h"

#include <QTest>

using namespace chexview;

class TestModelVocabulary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wordsRoundTrip()
    {
        for (Precision p : allPrecisions())
            QCOMPARE(parsePrecision(toString(p)), std::optional<Precision>(p));
        for (Device d : allDevices())
            QCOMPARE(parseDevice(toString(d)), std::optional<Device>(d));
        for (Engine e : allEngines())
            QCOMPARE(parseEngine(toString(e)), std::optional<Engine>(e));
        QCOMPARE(
            namesOf(allPrecisions()),
            (QStringList{QStringLiteral("fp32"), QStringLiteral("fp32-opt"), QStringLiteral("int8"),
                         QStringLiteral("fp16"), QStringLiteral("bf16")}));
        QCOMPARE(parsePrecision(QStringLiteral("INT8")), std::optional<Precision>(Precision::Int8));
    }

    void unknownWordsAreRefused_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("empty") << QString();
        QTest::newRow("fp64") << QStringLiteral("fp64");
        QTest::newRow("int4") << QStringLiteral("int4");
        QTest::newRow("padded") << QStringLiteral(" int8");
    }
    void unknownWordsAreRefused()
    {
        QFETCH(QString, word);
        QVERIFY(!parsePrecision(word));
        QVERIFY(!parseDevice(word));
        QVERIFY(!parseEngine(word));
    }

    void defaultPrecision_data()
    {
        QTest::addColumn<int>("engine");
        QTest::addColumn<int>("device");
        QTest::addColumn<QString>("precision");
        QTest::newRow("libtorch cpu") << int(Engine::LibTorch) << int(Device::Cpu) << "int8";
        QTest::newRow("libtorch cuda") << int(Engine::LibTorch) << int(Device::Cuda) << "fp32-opt";
        QTest::newRow("worker cpu") << int(Engine::Worker) << int(Device::Cpu) << "fp32-opt";
        QTest::newRow("worker cuda") << int(Engine::Worker) << int(Device::Cuda) << "bf16";
        QTest::newRow("worker hpu") << int(Engine::Worker) << int(Device::Hpu) << "bf16";
    }
    void defaultPrecision()
    {
        QFETCH(int, engine);
        QFETCH(int, device);
        QFETCH(QString, precision);
        const Precision p = resolvePrecision(std::nullopt, Engine(engine), Device(device));
        QCOMPARE(toString(p), precision);
        QVERIFY(precisionsOf(Engine(engine)).contains(p)); // a default the engine can run
        QVERIFY(resolvePrecision(Precision::Fp32, Engine(engine), Device(device)) ==
                Precision::Fp32);
    }

    void enginesRunTheirOwnPrecisions()
    {
        QVERIFY(precisionsOf(Engine::LibTorch).contains(Precision::Int8));
        QVERIFY(!precisionsOf(Engine::LibTorch).contains(Precision::Bf16));
        QVERIFY(!precisionsOf(Engine::Worker).contains(Precision::Int8));
        QCOMPARE(packageFileKey(Precision::Int8), QStringLiteral("int8"));
        QCOMPARE(packageFileKey(Precision::Fp32Opt), QStringLiteral("fp32"));
    }
};

QTEST_GUILESS_MAIN(TestModelVocabulary)
#include "tst_modelvocabulary.moc"
