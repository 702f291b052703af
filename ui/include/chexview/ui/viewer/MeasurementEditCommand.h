#pragma once

#include "chexview/measure/Measurement.h"

#include <QUndoCommand>

namespace chexview {

class MeasurementLayer;

/// One undoable edit of a MeasurementLayer: the list before and after. GUI thread only.
class MeasurementEditCommand : public QUndoCommand
{
public:
    MeasurementEditCommand(MeasurementLayer* layer, QList<Measurement> before,
                           QList<Measurement> after, const QString& text);
    void undo() override;
    void redo() override;

private:
    MeasurementLayer* m_layer;
    QList<Measurement> m_before;
    QList<Measurement> m_after;
};

} // namespace chexview
