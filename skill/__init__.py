"""Back Stretch Coach: an Alexa skill that guides back stretches by voice."""
