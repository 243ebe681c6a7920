# mistake: solves for a by subtraction and returns it without checking 0 <= a < s, so sizes out of reach give a bad a
# loses: output_padding_for_values
def output_padding_for(n_in, n_out, kernel_size, stride, padding):
    """The output_padding that turns n_in into n_out (not checked)."""
    return n_out - conv_transpose_output_size(n_in, kernel_size, stride, padding, output_padding=0)
