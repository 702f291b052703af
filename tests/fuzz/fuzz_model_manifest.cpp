// libFuzzer harness: a model package's manifest.json (hashes not verified, so the parser and
// its validation are what runs). Only EngineError may come out.
#include "FuzzFile.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/ModelManifest.h"

#include <QLoggingCategory>

using namespace chexview;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::FuzzFile::write(QStringLiteral("manifest.json"), data, size);
    try {
        ModelManifest::load(fuzz::FuzzFile::dir(), false);
    } catch (const EngineError&) {
    }
    return 0;
}
