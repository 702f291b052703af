// libFuzzer harness: any bytes through ImageLoader::load (content sniffing, then the DICOM,
// JPEG 2000 or raster decoder) and, when an image comes out, the display pipeline and the
// model's preprocessing. Only ImageError may come out; anything else is a finding.
#include "FuzzFile.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Preprocessor.h"

#include <QLoggingCategory>

using namespace chexview;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString path = fuzz::FuzzFile::write(QStringLiteral("input.bin"), data, size);
    try {
        const XrayImagePtr image = ImageLoader::load(path);
        const QImage shown = DisplayPipeline::render(*image, {});
        if (shown.width() != image->width() || shown.height() != image->height())
            __builtin_trap();
        if (image->width() >= 8 && image->height() >= 8) {
            PreprocessSpec spec;
            spec.resize = 16;
            spec.crop = 8;
            Preprocessor::prepare(*image, spec);
        }
    } catch (const ImageError&) {
    }
    return 0;
}
