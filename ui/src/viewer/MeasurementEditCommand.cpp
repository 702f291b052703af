#include "chexview/ui/viewer/MeasurementEditCommand.h"

#include "chexview/ui/viewer/MeasurementLayer.h"

namespace chexview {

MeasurementEditCommand::MeasurementEditCommand(MeasurementLayer* layer, QList<Measurement> before,
                                               QList<Measurement> after, const QString& text)
    : QUndoCommand(text), m_layer(layer), m_before(std::move(before)), m_after(std::move(after))
{
}

void MeasurementEditCommand::undo()
{
    m_layer->apply(m_before);
}

void MeasurementEditCommand::redo()
{
    m_layer->apply(m_after);
}

} // namespace chexview
