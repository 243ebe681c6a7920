"""Interactive figures that still read well without a widget front end.

:func:`interactive_figure` draws the figure once as an ordinary output (so it
shows on GitHub, in nbviewer and in CI logs), then displays the controls; each
change redraws the figure in place through the same display id.
"""

import time

import matplotlib.pyplot as plt

__all__ = ["interactive_figure"]


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
    from IPython.display import display

    if not controls:
        raise ValueError("Give at least one control, e.g. w=ipywidgets.FloatSlider().")

    def render():
        fig = draw(**{name: widget.value for name, widget in controls.items()})
        if fig is None:
            raise TypeError("draw must return the matplotlib Figure it drew.")
        plt.close(fig)  # the display below shows it; closing stops a second inline copy
        return fig

    fig = render()
    handle = display(fig, display_id=True)
    box = ipywidgets.VBox(list(controls.values()))
    box.last_redraw_seconds = None

    def redraw(_change):
        start = time.perf_counter()
        new_fig = render()
        if handle is not None:
            handle.update(new_fig)  # renders the PNG that replaces the old figure
        box.last_redraw_seconds = time.perf_counter() - start

    for widget in controls.values():
        widget.observe(redraw, names="value")
    display(box)
    return box
