"""Interactive figures that still read well without a widget front end.

:func:`interactive_figure` draws the figure once as an ordinary output (so it
shows on GitHub, in nbviewer and in CI logs), then displays the controls; each
change redraws the figure in place through the same display id.
"""

import io
import statistics
import time

import matplotlib.pyplot as plt

__all__ = ["interactive_figure", "measure_redraws"]

#: Every interactive figure shown in this kernel, in order (read by :func:`measure_redraws`).
FIGURES = []


def interactive_figure(draw, **controls):
    """Show ``draw(**values)`` and redraw it whenever a control changes.

    Parameters
    ----------
    draw : callable
        Takes the controls' values as keyword arguments and returns a Figure.
    **controls : ipywidgets.ValueWidget
        One widget per keyword argument of ``draw``, e.g.
        ``w1=ipywidgets.FloatSlider(value=1.0, min=-3, max=3)``.

    Returns
    -------
    ipywidgets.VBox
        The controls. ``box.last_redraw_seconds`` holds the time of the latest redraw,
        PNG rendering included.
    """
    import ipywidgets
    from IPython.display import Image, display

    if not controls:
        raise ValueError("Give at least one control, e.g. w=ipywidgets.FloatSlider().")

    crop = []  # the figure's tight bounding box, found once: finding it on every redraw doubles the cost

    def render():
        fig = draw(**{name: widget.value for name, widget in controls.items()})
        if fig is None:
            raise TypeError("draw must return the matplotlib Figure it drew.")
        plt.close(fig)  # the PNG below shows it; closing stops a second inline copy
        if not crop:
            crop.append(fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"] + 0.05))
        png = io.BytesIO()
        fig.savefig(png, format="png", bbox_inches=crop[0])
        return Image(data=png.getvalue(), format="png")

    handle = display(render(), display_id=True)
    box = ipywidgets.VBox(list(controls.values()))
    box.last_redraw_seconds = box.last_redraw_cpu_seconds = None  # PNG rendering included
    box.title, box.controls = getattr(draw, "__name__", "figure"), controls

    def redraw(_change):
        start, cpu_start = time.perf_counter(), time.process_time()
        image = render()
        if handle is not None:
            handle.update(image)  # replaces the old PNG in place
        box.last_redraw_seconds = time.perf_counter() - start
        box.last_redraw_cpu_seconds = time.process_time() - cpu_start

    for widget in controls.values():
        widget.observe(redraw, names="value")
    display(box)
    FIGURES.append(box)
    return box


def _other_values(widget, count):
    """Up to ``count`` valid values for ``widget`` other than its current one, spread over its range."""
    if hasattr(widget, "index") and getattr(widget, "options", None):  # Dropdown, SelectionSlider, ...
        n = len(widget.options)
        return [("index", (widget.index + 1 + i) % n) for i in range(count)] if n > 1 else []
    if isinstance(widget.value, bool):
        return [("value", not widget.value if i % 2 == 0 else widget.value) for i in range(count)]
    if hasattr(widget, "base"):  # FloatLogSlider: min and max are exponents
        grid = [widget.base ** (widget.min + (widget.max - widget.min) * (i + 1) / (count + 1)) for i in range(count)]
        return [("value", v) for v in grid]
    if hasattr(widget, "min") and hasattr(widget, "max"):
        step = getattr(widget, "step", None) or (widget.max - widget.min) / 100
        grid = [widget.min + round((widget.max - widget.min) * (i + 1) / (count + 1) / step) * step
                for i in range(count)]
        grid = [type(widget.value)(min(max(v, widget.min), widget.max)) for v in grid]
        return [("value", v) for v in grid if v != widget.value]
    return []


def measure_redraws(repeats=5):
    """Move every control of every interactive figure and time the redraws.

    Each control is set to ``repeats`` other values across its range, then put back.

    Returns
    -------
    list of dict
        One row per control: ``figure``, ``control``, ``median_ms`` (wall) and ``cpu_median_ms``.
    """
    rows = []
    for box in FIGURES:
        for name, widget in box.controls.items():
            original = widget.value
            wall, cpu = [], []
            for attribute, value in _other_values(widget, repeats):
                setattr(widget, attribute, value)
                if box.last_redraw_seconds is not None:
                    wall.append(box.last_redraw_seconds)
                    cpu.append(box.last_redraw_cpu_seconds)
                box.last_redraw_seconds = None
            widget.value = original
            if wall:
                rows.append({"figure": box.title, "control": name, "median_ms": 1000 * statistics.median(wall),
                             "cpu_median_ms": 1000 * statistics.median(cpu)})
    return rows
