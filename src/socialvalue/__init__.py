"""socialvalue: commissioning and procurement with social value built in."""
